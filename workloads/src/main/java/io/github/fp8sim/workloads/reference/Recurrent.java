package io.github.fp8sim.workloads.reference;

import java.util.List;

/**
 * One LSTM step. The gate pre-activations are one {@link Gemm} over the joined input {@code [x | h]}
 * (reduction length In + H: the x products first, then the h products, in increasing index), starting from
 * the bias; the gate functions and the state update run in double, each state rounded to float once, and
 * {@code h'} uses the rounded {@code c'}.
 */
final class Recurrent {

    private Recurrent() {}

    /** {@code [h', c']} from {@code x [B, In], h [B, H], c [B, H], wIh [4H, In], wHh [4H, H], bias [4H]}; gates i, f, g, o. */
    static List<FloatTensor> lstmCell(FloatTensor x, FloatTensor h, FloatTensor c, FloatTensor wIh, FloatTensor wHh,
            FloatTensor bias) {
        int batch = x.shape().dim(0);
        int in = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        int gates = 4 * hidden;
        float[][] joined = new float[batch][in + hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x.data(), b * in, joined[b], 0, in);
            System.arraycopy(h.data(), b * hidden, joined[b], in, hidden);
        }
        float[][] weights = new float[in + hidden][];
        float[][] wi = Gemm.transposedRows(wIh.data(), 0, gates, in);
        float[][] wh = Gemm.transposedRows(wHh.data(), 0, gates, hidden);
        System.arraycopy(wi, 0, weights, 0, in);
        System.arraycopy(wh, 0, weights, in, hidden);
        float[][] z = Gemm.initialRows(batch, gates, bias.data());
        Gemm.accumulate(joined, weights, z);

        float[] hNext = new float[batch * hidden];
        float[] cNext = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            float[] zb = z[b];
            for (int j = 0; j < hidden; j++) {
                double i = Functions.sigmoid(zb[j]);
                double f = Functions.sigmoid(zb[hidden + j]);
                double g = StrictMath.tanh(zb[2 * hidden + j]);
                double o = Functions.sigmoid(zb[3 * hidden + j]);
                float cj = (float) (f * c.data()[b * hidden + j] + i * g);
                cNext[b * hidden + j] = cj;
                hNext[b * hidden + j] = (float) (o * StrictMath.tanh(cj));
            }
        }
        return List.of(new FloatTensor(h.shape(), hNext), new FloatTensor(c.shape(), cNext));
    }
}
