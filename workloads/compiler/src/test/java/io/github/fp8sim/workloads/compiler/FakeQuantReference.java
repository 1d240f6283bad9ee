package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * An independent model of what the compiled program computes: the FP32 reference op by op, with the
 * FP8 conversions the recipe puts in (GEMM weights, LSTM weights, embedding tables and the fed inputs
 * rounded to E5M2 with RNE, and every tensor the program stores in DRAM rounded to E5M2 with RNE after
 * the op that makes it; a tensor fused away inside a layer stays unrounded). It
 * differs from the machine only in FP32 rounding order (sums over k in another order, a BatchNorm
 * computed rather than folded), which moves an FP8 rounding only near a tie.
 */
final class FakeQuantReference {

    private FakeQuantReference() {
    }

    static float q(float v) {
        FloatFormat f = FloatFormat.E5M2;
        return f.decode(HostData.encode(HostData.hostRounding(f), v));
    }

    static FloatTensor q(FloatTensor t) {
        float[] v = t.data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = q(v[i]);
        }
        return new FloatTensor(t.shape(), v);
    }

    /** Every tensor the compiled program keeps in DRAM: inputs, layer outputs, aliases, constants, an LSTM's c'. */
    static Set<Tensor> stored(CompiledGraph c) {
        Set<Tensor> s = new HashSet<>();
        c.buffers().keySet().forEach(id -> s.add(c.graph().tensor(id)));
        return s;
    }

    /** Every tensor's value; the ones in {@code stored} (and not graph outputs) rounded to E5M2. */
    static Map<Integer, FloatTensor> run(Graph g, Weights w, Map<String, FloatTensor> inputs, Set<Tensor> stored) {
        Map<Integer, FloatTensor> v = new HashMap<>();
        for (Tensor t : g.inputs()) {
            FloatTensor x = inputs.get(t.name());
            v.put(t.id(), t.tensorClass() == TensorClass.INDEX ? x : q(x));
        }
        Set<Integer> gemmWeights = new HashSet<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Conv2d || n.op() instanceof Linear || n.op() instanceof Embedding) {
                gemmWeights.add(n.inputs().get(1));     // GEMM operands, and a table stored as codes
            } else if (n.op() instanceof LstmCell) {
                gemmWeights.add(n.inputs().get(3));
                gemmWeights.add(n.inputs().get(4));
            }
        }
        for (Tensor t : g.parameters()) {
            FloatTensor p = new FloatTensor(t.shape(), w.get(t));
            v.put(t.id(), gemmWeights.contains(t.id()) ? q(p) : p);
        }
        Set<Node> live = GraphCompiler.liveNodes(g);
        for (Node n : g.nodes()) {
            if (!live.contains(n)) {
                continue;
            }
            List<FloatTensor> in = new ArrayList<>();
            n.inputs().forEach(id -> in.add(v.get(id)));
            List<FloatTensor> out = ReferenceExecutor.apply(n.op(), in);
            for (int i = 0; i < out.size(); i++) {
                Tensor t = g.tensor(n.outputs().get(i));
                boolean quantized = stored.contains(t) && !g.outputs().contains(t);
                v.put(t.id(), quantized ? q(out.get(i)) : out.get(i));
            }
        }
        return v;
    }
}
