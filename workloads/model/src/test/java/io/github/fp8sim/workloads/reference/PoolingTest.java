package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** Pooling windows worked by hand, including the padding rules. */
class PoolingTest {

    @Test
    void maxPoolPaddingNeverWins() {
        // x[r][c] = -(4r + c) - 1, all negative: a zero-padded max would return 0 at the borders.
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = -i - 1;
        }
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 4, 4), v);
        FloatTensor y = ReferenceExecutor.apply(MaxPool.of(3, 2, 1), x);
        assertEquals(TensorShape.of(1, 1, 2, 2), y.shape());
        // Windows: rows/cols {0,1} -> x[0][0]; rows {0,1} cols {1..3} -> x[0][1]; rows {1..3} cols {0,1} -> x[1][0];
        // rows {1..3} cols {1..3} -> x[1][1].
        assertArrayEquals(new float[] {-1, -2, -5, -6}, y.data());
    }

    @Test
    void avgPoolWithAndWithoutThePaddingInTheCount() {
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 2, 2), 1, 2, 3, 4);
        // 2x2 windows, stride 2, padding 1: each window holds exactly one input value.
        FloatTensor with = ReferenceExecutor.apply(new AvgPool(2, 2, 2, 2, 1, 1, true), x);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 1}, with.data());
        FloatTensor without = ReferenceExecutor.apply(new AvgPool(2, 2, 2, 2, 1, 1, false), x);
        assertArrayEquals(new float[] {1, 2, 3, 4}, without.data());
    }

    @Test
    void avgPoolOverlappingWindows() {
        // 2x2 windows with stride 1 on [[1,2,3],[4,5,6],[7,8,9]]: means 3, 4, 6, 7.
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        FloatTensor y = ReferenceExecutor.apply(new AvgPool(2, 2, 1, 1, 0, 0, true), x);
        assertArrayEquals(new float[] {3, 4, 6, 7}, y.data());
    }

    @Test
    void globalAvgPoolFlattensToBatchByChannel() {
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 2, 1, 2), 1, 3, 10, 20, -1, -2, 0, 0.5f);
        FloatTensor y = ReferenceExecutor.apply(new GlobalAvgPool(), x);
        assertEquals(TensorShape.of(2, 2), y.shape());
        assertArrayEquals(new float[] {2, 15, -1.5f, 0.25f}, y.data());
    }
}
