package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.backward;
import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Where pooling sends its gradient: ties, padding and divisors. */
class PoolBackwardTest {

    private static final int[] IMAGE_2X2 = {1, 1, 2, 2};

    @Test
    void tiedMaximaSendTheGradientToTheFirstInRowByRowOrder() {
        MaxPool pool = new MaxPool(2, 2, 2, 2, 0, 0);
        FloatTensor dy = t(new int[] {1, 1, 1, 1}, 5);
        assertArrayEquals(new float[] {0, 5, 0, 0}, backward(pool, dy, t(IMAGE_2X2, 1, 3, 3, 2)).get(0).data());
        assertArrayEquals(new float[] {5, 0, 0, 0}, backward(pool, dy, t(IMAGE_2X2, 3, 1, 3, 3)).get(0).data());
        // +0.0 and -0.0 are equal: the first of them wins.
        assertArrayEquals(new float[] {0, 0, 5, 0}, backward(pool, dy, t(IMAGE_2X2, -1, -2, -0f, 0)).get(0).data());
    }

    @Test
    void paddingNeverWinsEvenOverNegativeInputs() {
        // 3x3 windows, stride 1, padding 1, over a 2x2 image: each of the four windows covers all four inputs
        // (and padding, which would be the maximum if it counted as 0). The maximum -3 takes every gradient.
        FloatTensor x = t(IMAGE_2X2, -5, -3, -4, -6);
        FloatTensor dy = t(new int[] {1, 1, 2, 2}, 1, 2, 3, 4);
        assertArrayEquals(new float[] {0, 10, 0, 0}, backward(MaxPool.of(3, 1, 1), dy, x).get(0).data());
    }

    @Test
    void averagePoolDividesByTheForwardsDivisor() {
        // 2x2 windows, stride 2, padding 1, over a 2x2 image: each window holds one input and three padding taps.
        FloatTensor x = t(IMAGE_2X2, 7, 7, 7, 7);
        FloatTensor dy = t(new int[] {1, 1, 2, 2}, 4, 8, 12, 16);
        assertArrayEquals(new float[] {1, 2, 3, 4},
                backward(new AvgPool(2, 2, 2, 2, 1, 1, true), dy, x).get(0).data());
        assertArrayEquals(new float[] {4, 8, 12, 16},
                backward(new AvgPool(2, 2, 2, 2, 1, 1, false), dy, x).get(0).data());
    }

    @Test
    void globalAveragePoolSpreadsEachGradientOverItsPlane() {
        FloatTensor x = t(new int[] {1, 2, 1, 2}, 0, 0, 0, 0);
        assertArrayEquals(new float[] {1, 1, 3, 3},
                backward(new GlobalAvgPool(), t(new int[] {1, 2}, 2, 6), x).get(0).data());
    }
}
