package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.backward;
import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * The summation orders of the package documentation, pinned to the bit. Terms {@code 1, 2^27, -2^27} tell the
 * orders apart: in float and increasing order the 1 is lost ({@code 1 + 2^27} rounds to {@code 2^27}) and the
 * sum is 0; in decreasing order, or in double, it is 1.
 */
class SummationOrderTest {

    private static final float BIG = 0x1p27f;

    @Test
    void linearWeightGradientSumsRowsInFloatInIncreasingOrderAndBiasGradientInDouble() {
        FloatTensor x = t(new int[] {3, 1}, 1, 1, 1);
        FloatTensor dy = t(new int[] {3, 1}, 1, BIG, -BIG);
        List<FloatTensor> g = backward(new Linear(true), dy, x, t(new int[] {1, 1}, 1), t(new int[] {1}, 0));
        assertArrayEquals(new float[] {0}, g.get(1).data(), "dW: float, rows in increasing order");
        assertArrayEquals(new float[] {1}, g.get(2).data(), "db: double");
    }

    @Test
    void linearInputGradientSumsOutputFeaturesInIncreasingOrder() {
        FloatTensor w = t(new int[] {3, 1}, 1, 1, 1);
        FloatTensor dy = t(new int[] {1, 3}, 1, BIG, -BIG);
        assertArrayEquals(new float[] {0}, backward(new Linear(false), dy, t(new int[] {1, 1}, 1), w).get(0).data());
    }

    @Test
    void matMulGradientsSumInIncreasingOrderWithOrWithoutTransposes() {
        FloatTensor dc = t(new int[] {1, 3}, 1, BIG, -BIG);
        // dA[0][0] = sum_j dC[0][j] B[0][j]; with transposeB the same B is stored [3, 1].
        assertArrayEquals(new float[] {0}, backward(new MatMul(false, false), dc, t(new int[] {1, 1}, 1),
                t(new int[] {1, 3}, 1, 1, 1)).get(0).data());
        assertArrayEquals(new float[] {0}, backward(new MatMul(false, true), dc, t(new int[] {1, 1}, 1),
                t(new int[] {3, 1}, 1, 1, 1)).get(0).data());
        // dB[0][0] = sum_i A[i][0] dC[i][0] over the rows of C.
        FloatTensor column = t(new int[] {3, 1}, 1, BIG, -BIG);
        assertArrayEquals(new float[] {0}, backward(new MatMul(false, false), column, t(new int[] {3, 1}, 1, 1, 1),
                t(new int[] {1, 1}, 1)).get(1).data());
        assertArrayEquals(new float[] {0}, backward(new MatMul(true, false), column, t(new int[] {1, 3}, 1, 1, 1),
                t(new int[] {1, 1}, 1)).get(1).data());
    }

    @Test
    void convInputGradientSumsOutputChannelsThenTapsInIncreasingOrder() {
        // 1x1 conv, 3 output channels: dX = sum_co dY[co] w[co].
        FloatTensor channels = backward(Conv2d.of(1, 0), t(new int[] {1, 3, 1, 1}, 1, BIG, -BIG),
                t(new int[] {1, 1, 1, 1}, 5), t(new int[] {3, 1, 1, 1}, 1, 1, 1)).get(0);
        assertArrayEquals(new float[] {0}, channels.data());
        // A 1x3 kernel with padding 2 along W: input column 1 is read by tap j from output column 3 - j, so its
        // sum in increasing j is dY[3] + dY[2] + dY[1].
        Conv2d conv = new Conv2d(1, 1, 0, 2, 1, 1, 1, false);
        FloatTensor dy = t(new int[] {1, 1, 1, 5}, 0, -BIG, BIG, 1, 0);
        FloatTensor taps = backward(conv, dy, t(new int[] {1, 1, 1, 3}, 5, 5, 5), t(new int[] {1, 1, 1, 3}, 1, 1, 1))
                .get(0);
        assertEquals(0f, taps.data()[1]);
    }

    @Test
    void convWeightGradientSumsOutputPositionsInFloatAndBiasGradientInDouble() {
        Conv2d conv = new Conv2d(1, 1, 0, 0, 1, 1, 1, true);
        FloatTensor dy = t(new int[] {1, 1, 1, 3}, 1, BIG, -BIG);
        List<FloatTensor> g = backward(conv, dy, t(new int[] {1, 1, 1, 3}, 1, 1, 1), t(new int[] {1, 1, 1, 1}, 1),
                t(new int[] {1}, 0));
        assertArrayEquals(new float[] {0}, g.get(1).data());
        assertArrayEquals(new float[] {1}, g.get(2).data());
    }

    @Test
    void convInputGradientIsTheDocumentedDotProductBitForBit() {
        // The transposed convolution written out from the package documentation: for every input element, search
        // the taps (co, i, j) of its group in increasing order for the outputs that read it, summing in float.
        Conv2d c = new Conv2d(2, 1, 1, 2, 2, 1, 2, false);
        FloatTensor x = TestValues.uniform(11, 1, 2, 4, 6, 5);
        FloatTensor w = TestValues.uniform(12, 1, 6, 2, 3, 2);
        FloatTensor y = Forward.apply(c, List.of(x, w), Phase.TRAINING).get(0);
        FloatTensor dy = TestValues.uniform(13, 1, y.shape().dims());
        int ho = y.shape().dim(2);
        int wo = y.shape().dim(3);
        float[] expected = new float[x.size()];
        for (int n = 0; n < 2; n++) {
            for (int ch = 0; ch < 4; ch++) {
                int group = ch / 2;
                for (int yy = 0; yy < 6; yy++) {
                    for (int xx = 0; xx < 5; xx++) {
                        float acc = 0f;
                        for (int co = group * 3; co < group * 3 + 3; co++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    for (int oh = 0; oh < ho; oh++) {
                                        for (int ow = 0; ow < wo; ow++) {
                                            if (oh * 2 - 1 + i * 2 == yy && ow - 2 + j == xx) {
                                                acc += dy.get(n, co, oh, ow) * w.get(co, ch % 2, i, j);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        expected[((n * 4 + ch) * 6 + yy) * 5 + xx] = acc;
                    }
                }
            }
        }
        assertArrayEquals(expected, backward(c, dy, x, w).get(0).data());
    }
}
