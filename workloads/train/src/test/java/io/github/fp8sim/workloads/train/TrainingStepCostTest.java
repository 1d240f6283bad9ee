package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.models.Gnmt;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The GEMMs of one training step, what they cost, and whether the ISA engine can run them on a machine. */
class TrainingStepCostTest {

    static Stream<Graph> models() {
        return Stream.of(ResNet.build(ResNet.resnet8(4)), Transformer.build(Transformer.tiny(2)), Gnmt.build(Gnmt.tiny(2)));
    }

    @ParameterizedTest
    @MethodSource("models")
    void theForwardGemmsAreTheGraphsMacsAndEachHasAnErrorAndAWeightGemmOfTheSameSize(Graph g) {
        List<TrainingStepCost.StepGemm> gemms = TrainingStepCost.gemms(g);
        long forward = gemms.stream().filter(s -> !s.backward()).mapToLong(TrainingStepCost.StepGemm::macs).sum();
        long backward = gemms.stream().filter(TrainingStepCost.StepGemm::backward).mapToLong(TrainingStepCost.StepGemm::macs).sum();
        // Graph.totalMacs counts each node's MACs from its shapes (MacCounter), independently of the GEMM view
        assertEquals(g.totalMacs(), forward, g.name());
        // backpropagation: dX = dY W and dW = dY^T X are each as large as the forward product
        assertEquals(2 * forward, backward, g.name());
        assertEquals(2 * gemms.stream().filter(s -> !s.backward()).count(), gemms.stream().filter(TrainingStepCost.StepGemm::backward).count());
    }

    @Test
    void anLstmCellsGatesAreOneGemmOverXAndH() {
        Graph g = Gnmt.build(Gnmt.tiny(2));
        long cells = g.nodes().stream().filter(n -> n.op() instanceof LstmCell).count();
        assertTrue(cells > 0);
        var node = g.nodes().stream().filter(n -> n.op() instanceof LstmCell).findFirst().orElseThrow();
        int batch = g.tensor(node.inputs().get(0)).shape().dim(0);
        int k = g.tensor(node.inputs().get(0)).shape().dim(1) + g.tensor(node.inputs().get(1)).shape().dim(1);
        int gates = 4 * g.tensor(node.inputs().get(1)).shape().dim(1);
        List<TrainingStepCost.StepGemm> mine = TrainingStepCost.gemms(g).stream()
                .filter(s -> s.name().startsWith(node.name() + ".")).toList();
        assertEquals(List.of(new TrainingStepCost.StepGemm(node.name() + ".fwd", batch, gates, k, false),
                new TrainingStepCost.StepGemm(node.name() + ".err", batch, k, gates, true),
                new TrainingStepCost.StepGemm(node.name() + ".wgrad", gates, k, batch, true)), mine);
        TrainingStepCost.Cost cost = TrainingStepCost.of(g, Presets.defaultMachine(), EnergyTable.defaults());
        assertEquals(TrainingStepCost.gemms(g).size(), cost.gemms());
        assertEquals(3 * g.totalMacs(), cost.macs());
    }

    @ParameterizedTest
    @MethodSource("models")
    void theUpdateCostCoversEveryTrainableWeightOnce(Graph g) {
        Trainer.Config sgd = new Trainer.Config(new Trainer.Numerics(Trainer.Precision.FP8, Fp8Numerics.Recipe.paper(),
                MasterWeights.Storage.FP16, Rounding.SR, "dynamic", GemmEngine.Kind.ARRAY),
                new Trainer.Optimization(Trainer.Method.SGD, 0.05, Trainer.Schedule.CONSTANT, 0.9, 5e-4), new Trainer.Length(1, 2),
                new Trainer.Run(1, 1, Presets.defaultMachine()));
        TrainingStepCost.UpdateCost u = TrainingStepCost.update(g, sgd, EnergyTable.defaults());
        // parameterCount counts trainable elements as torchvision does (ResNetTest checks it against published figures)
        assertEquals(g.parameterCount(), u.elements(), g.name());
        assertEquals(g.parameters().stream().filter(t -> t.tensorClass().trainable()).count(), u.tensors());
        assertTrue(u.cycles() > 0 && u.energyPj() > 0);
        // Adam does more per element than SGD, and so costs more cycles on the same vector unit
        Trainer.Config adam = new Trainer.Config(sgd.numerics(),
                new Trainer.Optimization(Trainer.Method.ADAM, 0.002, Trainer.Schedule.CONSTANT, 0.9, 0), sgd.length(), sgd.run());
        assertTrue(TrainingStepCost.update(g, adam, EnergyTable.defaults()).cycles() > u.cycles());
    }

    @Test
    void layersKeptInFp32RunNoGemmOnTheArray() {
        Graph g = ResNet.build(ResNet.resnet8(4));
        Set<String> kept = Fp32Layers.resolve(g, List.of("first", "last"));
        List<TrainingStepCost.StepGemm> all = TrainingStepCost.gemms(g);
        List<TrainingStepCost.StepGemm> fp8 = TrainingStepCost.gemms(g, kept);
        assertEquals(all.size() - 3 * kept.size(), fp8.size(), "each kept layer's forward, error and weight GEMMs");
        assertTrue(fp8.stream().noneMatch(s -> s.name().startsWith("conv1.") || s.name().startsWith("fc.")), fp8.toString());
        assertTrue(TrainingStepCost.of(g, kept, Presets.defaultMachine(), EnergyTable.defaults()).macs()
                < TrainingStepCost.of(g, Presets.defaultMachine(), EnergyTable.defaults()).macs());
    }

    @Test
    void aMachineWhoseDramCannotHoldAGemmIsRefusedBeforeAnyStepByTheIsaEngineOnly() {
        MachineConfig tiny = MachineFiles.parse("{\"base\": \"default\", \"name\": \"tiny-dram\", \"dram\": {\"bytes\": 4096}}", false);
        Graph g = ResNet.build(ResNet.resnet8(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmEngine.requireRunnable(GemmEngine.Kind.ISA, tiny, g, Set.of()));
        assertTrue(e.getMessage().contains(".fwd") && e.getMessage().contains("DRAM"), e.getMessage());
        assertDoesNotThrow(() -> GemmEngine.requireRunnable(GemmEngine.Kind.ARRAY, tiny, g, Set.of()));
        assertDoesNotThrow(() -> GemmEngine.requireRunnable(GemmEngine.Kind.ISA, Presets.defaultMachine(), g, Set.of()));
    }
}
