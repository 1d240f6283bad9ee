package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** One LSTM step against the gate equations (PyTorch's order i, f, g, o) written out here. */
class LstmCellTest {

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void gateOrderIsInputForgetCellOutput() {
        // No weights; the bias alone sets the gates: i = sigmoid(40) ~ 1, f = sigmoid(-40) ~ 0,
        // g = tanh(atanh(0.5)) = 0.5, o ~ 1. So c' = 0 * 7 + 1 * 0.5 = 0.5 and h' = tanh(0.5).
        // Any other gate order would keep part of c = 7 or scale by a different gate.
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1), 3);
        FloatTensor h = FloatTensor.of(TensorShape.of(1, 1), -2);
        FloatTensor c = FloatTensor.of(TensorShape.of(1, 1), 7);
        FloatTensor wIh = FloatTensor.zeros(TensorShape.of(4, 1));
        FloatTensor wHh = FloatTensor.zeros(TensorShape.of(4, 1));
        FloatTensor bias = FloatTensor.of(TensorShape.of(4), 40, -40, (float) (0.5 * Math.log(3)), 40);
        List<FloatTensor> out = ReferenceExecutor.apply(new LstmCell(), List.of(x, h, c, wIh, wHh, bias));
        assertEquals(0.5f, out.get(1).data()[0], 1e-7f);
        assertEquals((float) Math.tanh(0.5), out.get(0).data()[0], 1e-7f);
    }

    @Test
    void stepMatchesTheGateEquations() {
        int batch = 2;
        int in = 3;
        int hidden = 2;
        FloatTensor x = TestTensors.uniform(TensorShape.of(batch, in), 11, 1.0);
        FloatTensor h = TestTensors.uniform(TensorShape.of(batch, hidden), 12, 1.0);
        FloatTensor c = TestTensors.uniform(TensorShape.of(batch, hidden), 13, 2.0);
        FloatTensor wIh = TestTensors.uniform(TensorShape.of(4 * hidden, in), 14, 1.0);
        FloatTensor wHh = TestTensors.uniform(TensorShape.of(4 * hidden, hidden), 15, 1.0);
        FloatTensor bias = TestTensors.uniform(TensorShape.of(4 * hidden), 16, 0.5);
        List<FloatTensor> out = ReferenceExecutor.apply(new LstmCell(), List.of(x, h, c, wIh, wHh, bias));
        assertEquals(TensorShape.of(batch, hidden), out.get(0).shape());
        assertEquals(TensorShape.of(batch, hidden), out.get(1).shape());
        float[] hExpected = new float[batch * hidden];
        float[] cExpected = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            // z = W_ih x + W_hh h + bias, rows [i; f; g; o] of H each.
            double[] z = new double[4 * hidden];
            for (int r = 0; r < 4 * hidden; r++) {
                z[r] = bias.get(r);
                for (int k = 0; k < in; k++) {
                    z[r] += (double) wIh.get(r, k) * x.get(b, k);
                }
                for (int k = 0; k < hidden; k++) {
                    z[r] += (double) wHh.get(r, k) * h.get(b, k);
                }
            }
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(z[j]);
                double f = sigmoid(z[hidden + j]);
                double g = Math.tanh(z[2 * hidden + j]);
                double o = sigmoid(z[3 * hidden + j]);
                double cNext = f * c.get(b, j) + i * g;
                cExpected[b * hidden + j] = (float) cNext;
                hExpected[b * hidden + j] = (float) (o * Math.tanh(cNext));
            }
        }
        assertArrayEquals(hExpected, out.get(0).data(), 1e-6f);
        assertArrayEquals(cExpected, out.get(1).data(), 1e-6f);
    }

    @Test
    void smallAndLargeBatchesGiveTheSameBits() {
        // A batch of 9 runs the transposed GEMM; each row alone (batch 1) runs dot products along the weight
        // rows. Both sum each output from its bias in increasing k with a float rounding per step, so every
        // row's h' and c' must be the same bits. 37 inputs and 7 hidden units: 28 gates, not a multiple of
        // four, so the one-output tail of the dot products runs too; values near 1 round at every addition.
        int batch = Recurrent.ROW_DOT_BATCH + 1;
        int in = 37;
        int hidden = 7;
        FloatTensor x = TestTensors.uniform(TensorShape.of(batch, in), 21, 1.0);
        FloatTensor h = TestTensors.uniform(TensorShape.of(batch, hidden), 22, 1.0);
        FloatTensor c = TestTensors.uniform(TensorShape.of(batch, hidden), 23, 2.0);
        FloatTensor wIh = TestTensors.uniform(TensorShape.of(4 * hidden, in), 24, 1.0);
        FloatTensor wHh = TestTensors.uniform(TensorShape.of(4 * hidden, hidden), 25, 1.0);
        FloatTensor bias = TestTensors.uniform(TensorShape.of(4 * hidden), 26, 0.5);
        List<FloatTensor> all = ReferenceExecutor.apply(new LstmCell(), List.of(x, h, c, wIh, wHh, bias));
        for (int b = 0; b < batch; b++) {
            List<FloatTensor> one = ReferenceExecutor.apply(new LstmCell(), List.of(row(x, b), row(h, b), row(c, b), wIh,
                    wHh, bias));
            assertEquals(row(all.get(0), b), one.get(0), "h' of row " + b);
            assertEquals(row(all.get(1), b), one.get(1), "c' of row " + b);
        }
    }

    private static FloatTensor row(FloatTensor t, int b) {
        int cols = t.shape().dim(1);
        return new FloatTensor(TensorShape.of(1, cols), java.util.Arrays.copyOfRange(t.data(), b * cols, (b + 1) * cols));
    }
}
