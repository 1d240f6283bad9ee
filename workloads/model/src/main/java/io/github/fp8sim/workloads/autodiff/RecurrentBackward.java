package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.Fp32Gemm.View;

/**
 * Gradient of one LSTM step. The gate pre-activations {@code z [B, 4H]} are recomputed exactly as the forward
 * computes them (from the bias, the x products then the h products, in {@code float}); the gate derivatives
 * run in double and give {@code dz}, rounded to float once per element, which then feeds four dot products
 * in {@code float} ({@link Products}).
 *
 * <p>With gates {@code i, f, o = sigmoid(z)}, {@code g = tanh(z)} and the forward's rounded {@code c'}:
 * {@code dc'_total = dc' + dh' o (1 - tanh(c')^2)}, {@code dz_o = dh' tanh(c') o (1 - o)},
 * {@code dz_i = dc'_total g i (1 - i)}, {@code dz_f = dc'_total c f (1 - f)}, {@code dz_g = dc'_total i (1 - g^2)},
 * {@code dc = dc'_total f} (double, rounded once). Then {@code dx = dz wIh} and {@code dh = dz wHh} (sums over
 * the 4H gate rows in increasing order), {@code dwIh = dz^T x} and {@code dwHh = dz^T h} (sums over the batch
 * in increasing order), {@code dbias = sum_b dz} in double.
 */
final class RecurrentBackward {

    private RecurrentBackward() {}

    /**
     * {@code [dx, dh, dc, dwIh, dwHh, dbias]} from {@code dh'} and {@code dc'}; either may be {@code null} (no
     * gradient flows into that output).
     */
    static List<FloatTensor> lstmCell(List<FloatTensor> in, FloatTensor cNext, FloatTensor dhNext, FloatTensor dcNext) {
        FloatTensor x = in.get(0);
        FloatTensor h = in.get(1);
        FloatTensor c = in.get(2);
        FloatTensor wIh = in.get(3);
        FloatTensor wHh = in.get(4);
        FloatTensor bias = in.get(5);
        int batch = x.shape().dim(0);
        int input = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        int gates = 4 * hidden;
        float[] z = gatePreActivations(x, h, wIh, wHh, bias);
        LstmGateGradients gg = LstmGateGradients.of(z, c, cNext, dhNext, dcNext);
        float[] dz = gg.dz();
        View gate = View.rowMajor(dz, 0, gates);
        float[] dx = Products.multiply(gate, View.rowMajor(wIh.data(), 0, input), batch, gates, input);
        float[] dh = Products.multiply(gate, View.rowMajor(wHh.data(), 0, hidden), batch, gates, hidden);
        float[] dwIh = Products.multiply(gate.transposed(), View.rowMajor(x.data(), 0, input), gates, batch, input);
        float[] dwHh = Products.multiply(gate.transposed(), View.rowMajor(h.data(), 0, hidden), gates, batch, hidden);
        Sums dBias = new Sums(TensorShape.of(gates));
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < gates; k++) {
                dBias.add(k, dz[b * gates + k]);
            }
        }
        return List.of(new FloatTensor(x.shape(), dx), new FloatTensor(h.shape(), dh), gg.dc(),
                new FloatTensor(wIh.shape(), dwIh), new FloatTensor(wHh.shape(), dwHh), dBias.rounded());
    }

    /** {@code z[b][k] = bias[k] + sum_i x[b][i] wIh[k][i] + sum_j h[b][j] wHh[k][j]}, left to right in float. */
    private static float[] gatePreActivations(FloatTensor x, FloatTensor h, FloatTensor wIh, FloatTensor wHh,
            FloatTensor bias) {
        int batch = x.shape().dim(0);
        int input = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        int gates = 4 * hidden;
        float[] z = new float[batch * gates];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < gates; k++) {
                float acc = bias.data()[k];
                for (int i = 0; i < input; i++) {
                    acc += x.data()[b * input + i] * wIh.data()[k * input + i];
                }
                for (int j = 0; j < hidden; j++) {
                    acc += h.data()[b * hidden + j] * wHh.data()[k * hidden + j];
                }
                z[b * gates + k] = acc;
            }
        }
        return z;
    }
}
