package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.SyntheticInputs;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sequence models compiled whole: every layer against the fake-quantized reference, outputs the
 * same bits for any thread count, and every MAC of the graph on the array.
 */
class SequenceModelsTest {

    static final MachineConfig MACHINE = Presets.get("edge16");

    static ModelRunner.Result run(Graph g, Weights w, Map<String, FloatTensor> in, int threads) {
        return ModelRunner.run(g, w, MACHINE, EnergyTable.defaults(),
                new ModelRunner.Options(Mode.FUNCTIONAL, 1, threads, in, false, true, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnmt-tiny", "transformer-tiny"})
    void everyLayerMatchesTheFakeQuantizedReference(String model) {
        Graph g = ModelZoo.build(model, 2);       // batch 2: GNMT's per-step slices are copies, not aliases
        Weights w = Weights.seeded(g, 7);
        Map<String, FloatTensor> in = SyntheticInputs.of(g, 3);
        ModelRunner.Result r = run(g, w, in, 1);
        Map<Integer, FloatTensor> want = FakeQuantReference.run(g, w, in, FakeQuantReference.stored(r.compiled()));
        assertTrue(r.compiled().layers().size() > 80, model + " has " + r.compiled().layers().size() + " layers");
        for (CompiledGraph.Layer l : r.compiled().layers()) {
            // The two differ only in FP32 arithmetic (the array's k order, FP32 vector ops against the
            // reference's double), about 1e-6 relative, which flips an E5M2 rounding to the neighbouring
            // code only within ~1e-6 of a midpoint, even after a recurrence carries one forward.
            MachineHarness.assertSameButNearTies(model + " layer " + l.name() + " (" + l.kind() + ")", want.get(l.output().id()),
                    r.layerValues().get(l.output().name()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnmt-tiny", "transformer-tiny"})
    void outputsAreTheSameBitsForOneAndTwoThreads(String model) {
        Graph g = ModelZoo.build(model, 2);
        Weights w = Weights.seeded(g, 11);
        Map<String, FloatTensor> in = SyntheticInputs.of(g, 4);
        String one = run(g, w, in, 1).outputSha256();
        assertEquals(one, run(g, w, in, 2).outputSha256());
        assertNotEquals(one, run(g, w, SyntheticInputs.of(g, 5), 1).outputSha256(), "other token ids, other logits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnmt", "transformer"})
    void theLayersRunEveryMacOfThePublishedGraph(String model) {
        Graph g = ModelZoo.build(model, 1);
        Map<String, FloatTensor> ids = new HashMap<>();
        Map<String, FloatTensor> synthetic = SyntheticInputs.of(g, 1);
        for (Tensor t : g.inputs()) {
            if (t.tensorClass() == TensorClass.INDEX) {
                ids.put(t.name(), synthetic.get(t.name()));
            }
        }
        MachineConfig m = Presets.defaultMachine();
        CompiledGraph c = GraphCompiler.compile(g, Weights.seeded(g, 1), m, GraphCompiler.Options.forward(m), ids);
        assertEquals(g.totalMacs(), c.layers().stream().mapToLong(CompiledGraph.Layer::macs).sum(), model);
        long cells = g.nodes().stream().filter(n -> n.op() instanceof LstmCell).count();
        long cellLayers = c.layers().stream().filter(l -> l.kind().equals("lstmcell")).count();
        assertEquals(cells, cellLayers, "one layer per LSTM step");
    }
}
