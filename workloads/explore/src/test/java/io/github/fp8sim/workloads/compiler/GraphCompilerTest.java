package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.metrics.AccuracyMetrics;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.SyntheticInputs;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.api.Test;

/** A compiled graph computes what the FP32 reference computes with the recipe's FP8 conversions put in. */
class GraphCompilerTest {

    static final MachineConfig MACHINE = Presets.get("edge16");

    /** Seeded weights with BatchNorm statistics and affine parameters far from the identity, so folding shows. */
    static Weights perturbed(Graph g, long seed) {
        Weights base = Weights.seeded(g, seed);
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> values = new HashMap<>();
        for (Tensor t : g.parameters()) {
            float[] v = base.get(t);
            String n = t.name();
            for (int i = 0; i < v.length; i++) {
                if (n.endsWith("running_mean") || (n.endsWith(".bias") && t.tensorClass() == TensorClass.NORM_PARAM)) {
                    v[i] = (float) r.nextDouble(-0.3, 0.3);
                } else if (n.endsWith("running_var") || (n.endsWith(".weight") && t.tensorClass() == TensorClass.NORM_PARAM)) {
                    v[i] = (float) r.nextDouble(0.5, 2.0);
                }
            }
            values.put(n, v);
        }
        return Weights.of(g, values);
    }

    static ModelRunner.Result run(Graph g, Weights w, Map<String, FloatTensor> inputs, int threads) {
        return ModelRunner.run(g, w, MACHINE, EnergyTable.defaults(),
                new ModelRunner.Options(Mode.FUNCTIONAL, 1, threads, inputs, false, true, null));
    }

    static Set<Tensor> stored(CompiledGraph c) {
        Set<Tensor> s = new HashSet<>();
        c.layers().forEach(l -> s.add(l.output()));
        return s;
    }

    @Test
    void resnet8LayersMatchTheFakeQuantizedReference() {
        Graph g = ResNet.build(ResNet.resnet8(2));
        Weights w = perturbed(g, 7);
        Map<String, FloatTensor> in = SyntheticInputs.of(g, 3);
        ModelRunner.Result r = run(g, w, in, 1);
        Map<Integer, FloatTensor> want = FakeQuantReference.run(g, w, in, stored(r.compiled()));
        for (CompiledGraph.Layer l : r.compiled().layers()) {
            FloatTensor got = layerOutput(r, l.output());
            FloatTensor exp = want.get(l.output().id());
            // FP32 rounding order only moves an E5M2 rounding at a near-tie, to the neighbouring code.
            MachineHarness.assertSameButNearTies(l.name(), exp, got);
        }
        // and the FP32 reference is further away than the fake-quantized one: FP8 costs accuracy
        FloatTensor fc = r.outputs().get("fc");
        double toFp32 = AccuracyMetrics.sqnrDb(new ReferenceExecutor(g, w).run(in).tensor("fc"), fc);
        double toFake = AccuracyMetrics.sqnrDb(want.get(g.tensor("fc").orElseThrow().id()), fc);
        assertTrue(toFake > toFp32 + 6, "fake-quant " + toFake + " dB vs FP32 " + toFp32 + " dB");
    }

    private static FloatTensor layerOutput(ModelRunner.Result r, Tensor t) {
        return r.layerValues().get(t.name());
    }

    @Test
    void maxPoolingTreatsPaddingAsMinusInfinityEvenForNegativeInputs() {
        Graph g = TestGraphs.convPool();
        Map<String, float[]> vals = new HashMap<>();
        for (Tensor t : g.parameters()) {
            vals.put(t.name(), Weights.seeded(g, 5).get(t));
        }
        Weights wt = Weights.of(g, vals);
        Map<String, FloatTensor> in = SyntheticInputs.of(g, 9);
        ModelRunner.Result r = run(g, wt, in, 1);
        FloatTensor conv = r.layerValues().get("conv");
        long negative = 0;
        for (float v : conv.data()) {
            negative += v < 0 ? 1 : 0;
        }
        assertTrue(negative > conv.size() / 4, "the test needs negative conv outputs, has " + negative);
        // the max of stored codes is a stored code: the machine's pool is exactly the reference's on the same input
        FloatTensor want = ReferenceExecutor.apply(MaxPool.of(3, 2, 1), conv);
        assertArrayEquals(want.data(), r.layerValues().get("pool").data());
    }

    @Test
    void outputsAreTheSameBitsForAnyThreadCountAndEveryRun() {
        Graph g = ResNet.build(ResNet.resnet8(2));
        Weights w = perturbed(g, 11);
        Map<String, FloatTensor> in = SyntheticInputs.of(g, 4);
        String one = run(g, w, in, 1).outputSha256();
        assertEquals(one, run(g, w, in, 2).outputSha256());
        assertEquals(one, run(g, w, in, 1).outputSha256());
        assertNotEquals(one, run(g, w, SyntheticInputs.of(g, 5), 1).outputSha256());
    }

    @Test
    void theLayersRunEveryMacOfTheGraph() {
        for (String model : new String[] {"resnet18", "resnet34", "resnet50"}) {
            Graph g = ModelZoo.build(model, 1);
            CompiledGraph c = GraphCompiler.compile(g, Weights.seeded(g, 1), Presets.defaultMachine(),
                    GraphCompiler.Options.forward(Presets.defaultMachine()), Map.of());
            long macs = c.layers().stream().mapToLong(CompiledGraph.Layer::macs).sum();
            assertEquals(g.totalMacs(), macs, model);
        }
    }

    @Test
    void aGroupedConvolutionIsRefusedNamingTheNode() {
        GraphBuilder b = new GraphBuilder("grouped");
        Tensor x = b.input("x", TensorShape.of(1, 4, 6, 6), TensorClass.ACTIVATION);
        Tensor w = b.parameter("w", TensorShape.of(4, 2, 3, 3), TensorClass.WEIGHT, new Init.HeNormal(18));
        b.output(b.node("dw", new Conv2d(1, 1, 1, 1, 1, 1, 2, false), x, w));
        Graph g = b.build();
        InputException e = assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of()));
        assertTrue(e.getMessage().contains("node dw (conv2d)") && e.getMessage().contains("groups 2"), e.getMessage());
    }
}
