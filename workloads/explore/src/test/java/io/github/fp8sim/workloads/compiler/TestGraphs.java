package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** Small graphs several tests compile and run. */
public final class TestGraphs {

    private TestGraphs() {
    }

    /** x [2,3,9,9] -> conv (8 filters, 3x3, pad 1) -> maxpool 3/2 pad 1 -> global average pool -> linear to 4. */
    public static Graph convPool() {
        GraphBuilder b = new GraphBuilder("convpool");
        Tensor x = b.input("x", TensorShape.of(2, 3, 9, 9), TensorClass.ACTIVATION);
        Tensor w = b.parameter("conv.weight", TensorShape.of(8, 3, 3, 3), TensorClass.WEIGHT, new Init.HeNormal(27));
        Tensor y = b.node("conv", Conv2d.of(1, 1), x, w);
        Tensor p = b.node("pool", MaxPool.of(3, 2, 1), y);
        Tensor gap = b.node("gap", new GlobalAvgPool(), p);
        Tensor fw = b.parameter("fc.weight", TensorShape.of(4, 8), TensorClass.WEIGHT, new Init.XavierUniform(8, 4));
        b.output(b.node("fc", new Linear(false), gap, fw));
        return b.build();
    }
}
