package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.autodiff.Fp32Numerics;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.Gnmt;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

/** Layers the FP8 recipe keeps in FP32: chosen by name or as first and last, and computed as FP32 computes them. */
class Fp32LayersTest {

    private static final Graph RESNET8 = ResNet.build(ResNet.resnet8(2).withInputChannels(1).withInputSize(8));

    @Test
    void firstAndLastAreTheFirstAndLastWeightLayersInNodeOrder() {
        // the models' own names: ResNet's stem conv and classifier, the Transformer's first query
        // projection and its logits (section 3.4's shared embedding matrix)
        assertEquals(List.of("conv1", "fc"), List.copyOf(Fp32Layers.resolve(RESNET8, List.of("first", "last"))));
        assertEquals(Set.of("encoder.layers.0.self_attn.q_proj", "logits"),
                Fp32Layers.resolve(Transformer.build(Transformer.tiny(2)), List.of("last", "first")));
    }

    @Test
    void anUnrolledLstmLayerIsKeptAtEveryTimeStepItsWeightIsUsed() {
        Graph gnmt = Gnmt.build(Gnmt.tiny(2));
        Set<String> kept = Fp32Layers.resolve(gnmt, List.of("first"));
        // encoder layer 0 (forward direction) runs once per source position, each step a node of its own
        List<String> steps = gnmt.nodes().stream().map(Node::name)
                .filter(n -> n.matches("encoder\\.layers\\.0\\.fwd\\.t\\d+")).toList();
        assertTrue(steps.size() > 1, steps.toString());
        assertEquals(Set.copyOf(steps), kept);
        assertEquals(kept, Fp32Layers.resolve(gnmt, List.of(steps.get(steps.size() - 1))), "any step names the layer");
        assertTrue(Fp32Layers.describe(kept).endsWith("(" + steps.size() + " nodes)"), Fp32Layers.describe(kept));
    }

    @Test
    void aNameMustBeAWeightLayerOfTheGraph() {
        assertEquals(Set.of("fc"), Fp32Layers.resolve(RESNET8, List.of("fc", "last")), "no repeats");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Fp32Layers.resolve(RESNET8, List.of("conv99")));
        assertTrue(none.getMessage().contains("'conv99'") && none.getMessage().contains("conv1"), none.getMessage());
        // a ReLU has no weights: there is nothing to keep in FP32
        assertThrows(IllegalArgumentException.class, () -> Fp32Layers.resolve(RESNET8, List.of("relu")));
    }

    @Test
    void aKeptLayerHasFp32sBitsForwardAndBackwardAndTheOthersStayFp8() {
        Node conv1 = RESNET8.nodes().stream().filter(n -> n.name().equals("conv1")).findFirst().orElseThrow();
        SplittableRandom random = new SplittableRandom(11);
        List<FloatTensor> in = new ArrayList<>();
        for (int id : conv1.inputs()) {
            in.add(randomTensor(RESNET8.tensor(id).shape(), random));
        }
        FloatTensor dy = randomTensor(RESNET8.tensor(conv1.outputs().get(0)).shape(), random);
        Fp8Numerics.Recipe paper = Fp8Numerics.Recipe.paper();
        try (GemmThreads threads = GemmThreads.of(1)) {
            Fp8Numerics kept = new Fp8Numerics(paper.withFp32Layers(Set.of("conv1")), Presets.defaultMachine(), threads, 1);
            Fp8Numerics fp8 = new Fp8Numerics(paper.withFp32Layers(Set.of("fc")), Presets.defaultMachine(), threads, 1);
            Fp32Numerics fp32 = new Fp32Numerics(threads);
            List<FloatTensor> y = fp32.forward(conv1, in, false);
            assertArrayEquals(y.get(0).data(), kept.forward(conv1, in, false).get(0).data());
            assertFalse(java.util.Arrays.equals(y.get(0).data(), fp8.forward(conv1, in, false).get(0).data()),
                    "an FP8 conv rounds its operands and output");
            List<FloatTensor> dIn = fp32.backward(conv1, in, y, List.of(dy));
            List<FloatTensor> keptIn = kept.backward(conv1, in, y, List.of(dy));
            for (int i = 0; i < dIn.size(); i++) {
                if (dIn.get(i) != null) {
                    assertArrayEquals(dIn.get(i).data(), keptIn.get(i).data(), "input gradient " + i);
                }
            }
            assertFalse(kept.overflowed());
        }
    }

    private static FloatTensor randomTensor(TensorShape shape, SplittableRandom random) {
        float[] v = new float[Math.toIntExact(shape.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(shape, v);
    }
}
