package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.api.Test;

/** The ops the compiler has no lowering for are refused by name, with the node, never lowered some other way. */
class UnloweredOpsTest {

    private static final MachineConfig MACHINE = Presets.get("edge16");

    @Test
    void anAveragePoolIsRefusedNamingTheNodeAndTheOp() {
        GraphBuilder b = new GraphBuilder("pool");
        Tensor x = b.input("x", TensorShape.of(1, 4, 6, 6), TensorClass.ACTIVATION);
        b.output(b.node("avg", new AvgPool(2, 2, 2, 2, 0, 0, true), x));
        InputException e = refused(b.build());
        assertTrue(e.getMessage().contains("node avg (avgpool)") && e.getMessage().contains("does not lower avgpool"),
                e.getMessage());
    }

    @Test
    void aBatchNormWithNoConvolutionBeforeItIsRefused() {
        GraphBuilder b = new GraphBuilder("bn");
        Tensor x = b.input("x", TensorShape.of(1, 4, 6, 6), TensorClass.ACTIVATION);
        TensorShape c = TensorShape.of(4);
        Tensor gamma = b.parameter("gamma", c, TensorClass.NORM_PARAM, Init.ones());
        Tensor beta = b.parameter("beta", c, TensorClass.NORM_PARAM, Init.zeros());
        Tensor mean = b.parameter("mean", c, TensorClass.NORM_STAT, Init.zeros());
        Tensor var = b.parameter("var", c, TensorClass.NORM_STAT, Init.ones());
        b.output(b.node("bn", new BatchNorm(1e-5), x, gamma, beta, mean, var));
        InputException e = refused(b.build());
        assertTrue(e.getMessage().contains("node bn (batchnorm)") && e.getMessage().contains("folded into the convolution"),
                e.getMessage());
    }

    private static InputException refused(Graph g) {
        return assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of()));
    }
}
