package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.List;

/**
 * One LSTM step. The gate pre-activations are one {@link Fp32Gemm} over the joined input {@code [x | h]}
 * (reduction length In + H: the x products first, then the h products, in increasing index), starting from
 * the bias; the gate functions and the state update run in double, each state rounded to float once, and
 * {@code h'} uses the rounded {@code c'}.
 */
final class Recurrent {

    /**
     * Below this batch the gate GEMM runs as dot products along the weights' rows instead of
     * transposing both weight matrices first: at batch 1 the transpose (an unrolled GNMT does one per
     * layer and step) costs far more than the products. Each output still starts at its bias and adds
     * its products in increasing k, one float rounding after each product and each addition, so both
     * forms give the same bits.
     */
    static final int ROW_DOT_BATCH = 8;

    private Recurrent() {}

    /** {@code z[b][o] += sum_k joined[b][k] W[o][k]} with W = [wIh | wHh], four outputs at a time for ILP. */
    private static void rowDots(float[][] joined, float[] wIh, float[] wHh, int in, int hidden, float[][] z) {
        int gates = 4 * hidden;
        for (int b = 0; b < joined.length; b++) {
            float[] xb = joined[b];
            float[] zb = z[b];
            int o = 0;
            for (; o + 4 <= gates; o += 4) {
                float s0 = zb[o];
                float s1 = zb[o + 1];
                float s2 = zb[o + 2];
                float s3 = zb[o + 3];
                for (int k = 0; k < in; k++) {
                    float v = xb[k];
                    s0 += v * wIh[o * in + k];
                    s1 += v * wIh[(o + 1) * in + k];
                    s2 += v * wIh[(o + 2) * in + k];
                    s3 += v * wIh[(o + 3) * in + k];
                }
                for (int k = 0; k < hidden; k++) {
                    float v = xb[in + k];
                    s0 += v * wHh[o * hidden + k];
                    s1 += v * wHh[(o + 1) * hidden + k];
                    s2 += v * wHh[(o + 2) * hidden + k];
                    s3 += v * wHh[(o + 3) * hidden + k];
                }
                zb[o] = s0;
                zb[o + 1] = s1;
                zb[o + 2] = s2;
                zb[o + 3] = s3;
            }
            for (; o < gates; o++) {
                float s0 = zb[o];
                for (int k = 0; k < in; k++) {
                    s0 += xb[k] * wIh[o * in + k];
                }
                for (int k = 0; k < hidden; k++) {
                    s0 += xb[in + k] * wHh[o * hidden + k];
                }
                zb[o] = s0;
            }
        }
    }

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
        float[][] z = Fp32Gemm.initialRows(batch, gates, bias.data());
        if (batch < ROW_DOT_BATCH) {
            rowDots(joined, wIh.data(), wHh.data(), in, hidden, z);
        } else {
            float[][] weights = new float[in + hidden][];
            float[][] wi = Fp32Gemm.transposedRows(wIh.data(), 0, gates, in);
            float[][] wh = Fp32Gemm.transposedRows(wHh.data(), 0, gates, hidden);
            System.arraycopy(wi, 0, weights, 0, in);
            System.arraycopy(wh, 0, weights, in, hidden);
            Fp32Gemm.accumulate(joined, weights, z);
        }

        float[] flat = new float[batch * gates];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(z[b], 0, flat, b * gates, gates);
        }
        return LstmGates.apply(flat, c);
    }
}
