package io.github.fp8sim.workloads.run;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Seeded inputs for a graph, the same on every machine: data tensors standard normal (an image
 * normalised per channel, as ImageNet preprocessing leaves it), index tensors uniform integers over
 * what their reader accepts (an embedding's vocabulary, a loss's classes). Input i draws from the
 * SplitMix64 stream {@code laneSeed(seed, i)}; normals by the Box-Muller transform in double with {@link StrictMath}, so the bits are the same everywhere.
 */
public final class SyntheticInputs {

    private SyntheticInputs() {
    }

    /** A value for each graph input, by name. */
    public static Map<String, FloatTensor> of(Graph graph, long seed) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < graph.inputs().size(); i++) {
            Tensor t = graph.inputs().get(i);
            long state = SplitMix64.laneSeed(seed, i);
            float[] v = new float[Math.toIntExact(t.numel())];
            if (t.tensorClass() == TensorClass.INDEX) {
                int range = indexRange(graph, t);
                for (int j = 0; j < v.length; j++) {
                    state += SplitMix64.GOLDEN_GAMMA;
                    v[j] = (float) Math.floorMod(SplitMix64.mix(state), (long) range);
                }
            } else {
                for (int j = 0; j < v.length; j += 2) {
                    state += SplitMix64.GOLDEN_GAMMA;
                    double u1 = ((SplitMix64.mix(state) >>> 11) + 1) * 0x1.0p-53;    // (0, 1]: log is finite
                    state += SplitMix64.GOLDEN_GAMMA;
                    double u2 = (SplitMix64.mix(state) >>> 11) * 0x1.0p-53;
                    double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
                    v[j] = (float) (r * StrictMath.cos(2 * StrictMath.PI * u2));
                    if (j + 1 < v.length) {
                        v[j + 1] = (float) (r * StrictMath.sin(2 * StrictMath.PI * u2));
                    }
                }
            }
            out.put(t.name(), new FloatTensor(t.shape(), v));
        }
        return out;
    }

    /** How many distinct values an index input may take: the smallest range any reader accepts. */
    static int indexRange(Graph graph, Tensor t) {
        int range = Integer.MAX_VALUE;
        for (Node n : graph.consumers(t)) {
            if (n.op() instanceof Embedding) {
                range = Math.min(range, graph.tensor(n.inputs().get(1)).shape().dim(0));
            } else if (n.op() instanceof CrossEntropy) {
                range = Math.min(range, graph.tensor(n.inputs().get(0)).shape().dim(1));
            }
        }
        if (range == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index input " + t.name() + " has no reader that bounds its values");
        }
        return range;
    }
}
