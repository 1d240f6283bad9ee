package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** conv2d against hand-worked outputs and a naive loop written from PyTorch's definition. */
class ConvolutionTest {

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /** Sobel x kernel: [[1, 0, -1], [2, 0, -2], [1, 0, -1]]. */
    private static final float[] SOBEL = {1, 0, -1, 2, 0, -2, 1, 0, -1};

    @Test
    void stride2Padding1ByHand() {
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 3, 3), ONE_TO_NINE);
        FloatTensor w = FloatTensor.of(TensorShape.of(1, 1, 3, 3), SOBEL);
        FloatTensor y = ReferenceExecutor.apply(Conv2d.of(2, 1), x, w);
        assertEquals(TensorShape.of(1, 1, 2, 2), y.shape());
        // Window centred on input (0,0): only w[1..2][1..2] meets x[0..1][0..1]: 0*1 - 2*2 + 0*4 - 1*5 = -9.
        // Centred on (0,2): w[1..2][0..1] with x[0..1][1..2]: 2*2 + 0*3 + 1*5 + 0*6 = 9.
        // Centred on (2,0): w[0..1][1..2] with x[1..2][0..1]: 0*4 - 1*5 + 0*7 - 2*8 = -21.
        // Centred on (2,2): w[0..1][0..1] with x[1..2][1..2]: 1*5 + 0*6 + 2*8 + 0*9 = 21.
        assertArrayEquals(new float[] {-9, 9, -21, 21}, y.data());
    }

    @Test
    void dilation2ByHand() {
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) {
            v[i] = i; // x[r][c] = 5r + c
        }
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 5, 5), v);
        FloatTensor w = FloatTensor.of(TensorShape.of(1, 1, 2, 2), 1, 10, 100, 1000);
        FloatTensor y = ReferenceExecutor.apply(new Conv2d(1, 1, 0, 0, 2, 2, 1, false), x, w);
        assertEquals(TensorShape.of(1, 1, 3, 3), y.shape());
        // y[i][j] = x[i][j] + 10 x[i][j+2] + 100 x[i+2][j] + 1000 x[i+2][j+2] = 1111 (5i + j) + 20 + 1000 + 12000.
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(5555f * i + 1111f * j + 13020f, y.get(0, 0, i, j));
            }
        }
    }

    @Test
    void groupsSeeOnlyTheirOwnChannels() {
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 4, 1, 1), 1, 2, 3, 4);
        FloatTensor w = FloatTensor.of(TensorShape.of(2, 2, 1, 1), 10, 100, 1000, 10000);
        FloatTensor y = ReferenceExecutor.apply(new Conv2d(1, 1, 0, 0, 1, 1, 2, false), x, w);
        // Group 0: channels 0,1 -> 10*1 + 100*2; group 1: channels 2,3 -> 1000*3 + 10000*4.
        assertArrayEquals(new float[] {210, 43000}, y.data());
    }

    @Test
    void biasIsTheStartingValueOfTheSum() {
        // 1 + 1e8 rounds to 1e8 in float, so starting from the bias gives (1 + 1e8) - 1e8 = 0;
        // adding the bias last would give (1e8 - 1e8) + 1 = 1.
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 2, 1, 1), 1, 1);
        FloatTensor w = FloatTensor.of(TensorShape.of(1, 2, 1, 1), 1e8f, -1e8f);
        FloatTensor b = FloatTensor.of(TensorShape.of(1), 1);
        FloatTensor y = ReferenceExecutor.apply(new Conv2d(1, 1, 0, 0, 1, 1, 1, true), x, w, b);
        assertEquals(0f, y.data()[0]);
    }

    @Test
    void matchesANaiveLoopBitForBit() {
        // Batch 2, 4 channels in 2 groups, 5 outputs per group (a block of four rows and one more in the GEMM),
        // 3x2 kernel, stride (2,1), padding (1,0), dilation (1,2), bias.
        Conv2d c = new Conv2d(2, 1, 1, 0, 1, 2, 2, true);
        FloatTensor x = TestTensors.uniform(TensorShape.of(2, 4, 7, 6), 1, 2.0);
        FloatTensor w = TestTensors.uniform(TensorShape.of(10, 2, 3, 2), 2, 1.0);
        FloatTensor b = TestTensors.uniform(TensorShape.of(10), 3, 1.0);
        FloatTensor y = ReferenceExecutor.apply(c, x, w, b);
        // Ho = floor((7 + 2 - 2 - 1) / 2) + 1 = 4; Wo = floor((6 - 2 - 1) / 1) + 1 = 4.
        assertEquals(TensorShape.of(2, 10, 4, 4), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int co = 0; co < 10; co++) {
                int g = co / 5;
                for (int oh = 0; oh < 4; oh++) {
                    for (int ow = 0; ow < 4; ow++) {
                        // PyTorch's definition, summed in the documented order: bias, then (ci, kh, kw) increasing.
                        float acc = b.get(co);
                        for (int ci = 0; ci < 2; ci++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 2; j++) {
                                    int ih = oh * 2 - 1 + i;
                                    int iw = ow - 0 + j * 2;
                                    if (ih >= 0 && ih < 7 && iw >= 0 && iw < 6) {
                                        acc += w.get(co, ci, i, j) * x.get(n, g * 2 + ci, ih, iw);
                                    }
                                }
                            }
                        }
                        assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(y.get(n, co, oh, ow)),
                                "output " + n + "," + co + "," + oh + "," + ow);
                    }
                }
            }
        }
    }
}
