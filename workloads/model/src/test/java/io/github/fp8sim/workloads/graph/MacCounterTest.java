package io.github.fp8sim.workloads.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.List;

import org.junit.jupiter.api.Test;

class MacCounterTest {

    private static OpCount count(Op op, TensorShape... in) {
        List<TensorShape> ins = List.of(in);
        return MacCounter.count(op, ins, ShapeInference.infer(op, ins));
    }

    @Test
    void convCountsEveryTapOfEveryOutput() {
        // ResNet conv1: 112 * 112 outputs per channel, 64 channels, 3 * 7 * 7 taps each.
        assertEquals(118_013_952L, count(Conv2d.of(2, 3), TensorShape.of(1, 3, 224, 224), TensorShape.of(64, 3, 7, 7)).macs());
        // Grouped: 8 outputs channels of 10x10, each over 8/4 = 2 channels x 3 x 3.
        assertEquals(8L * 100 * 2 * 9,
                count(new Conv2d(1, 1, 1, 1, 1, 1, 4, false), TensorShape.of(1, 8, 10, 10), TensorShape.of(8, 2, 3, 3)).macs());
        // Batch multiplies.
        assertEquals(2L * 16 * 4 * 4 * 8 * 1 * 1,
                count(Conv2d.of(1, 0), TensorShape.of(2, 8, 4, 4), TensorShape.of(16, 8, 1, 1)).macs());
    }

    @Test
    void gemmLikeOps() {
        // Linear over a sequence: B * T rows, in 512, out 2048.
        assertEquals(2L * 128 * 512 * 2048,
                count(new Linear(true), TensorShape.of(2, 128, 512), TensorShape.of(2048, 512), TensorShape.of(2048)).macs());
        // QK^T: batch 2 x 8 heads, 128 x 128 scores, K = 64.
        assertEquals(16L * 128 * 128 * 64,
                count(new MatMul(false, true), TensorShape.of(2, 8, 128, 64), TensorShape.of(2, 8, 128, 64)).macs());
        // A^T B with A [K=4, M=3].
        assertEquals(3L * 7 * 4, count(new MatMul(true, false), TensorShape.of(4, 3), TensorShape.of(4, 7)).macs());
    }

    @Test
    void elementwiseOpsHaveElementsButNoMacs() {
        TensorShape x = TensorShape.of(2, 16, 8, 8);
        assertEquals(new OpCount(0, 2048), count(new Relu(), x));
        assertEquals(new OpCount(0, 2048), count(new BatchNorm(1e-5), x, TensorShape.of(16), TensorShape.of(16),
                TensorShape.of(16), TensorShape.of(16)));
        assertEquals(new OpCount(0, 32), count(new GlobalAvgPool(), x));
        assertEquals(new OpCount(0, 1), count(new CrossEntropy(), TensorShape.of(4, 10), TensorShape.of(4)));
        assertEquals(new OpCount(0, 9 * 64), count(new Embedding(), TensorShape.of(9), TensorShape.of(1000, 64)));
    }
}
