package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.autodiff.ConvBackward.Geometry;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.Fp32Gemm;

/**
 * {@link ConvBackward}'s gradients, the same bits, as {@link Fp32Gemm} products over gathered operands whose rows host
 * threads share:
 * <ul>
 *   <li>{@code dX} per group: {@code dX[c'][(n, y, x)] = sum over t = (co, i, j) of W[c'][t] D[t][(n, y, x)]}, where
 *       {@code D[(co, i, j)][(n, y, x)]} is the output gradient that tap {@code (i, j)} of channel {@code co} sends
 *       to input {@code (y, x)}, or +0.0 where the tap names no output (between strides, or outside);</li>
 *   <li>{@code dW} per group: {@code dW[co][k] = sum over m = (n, oh, ow) of dY[co][m] X[m][k]}, where
 *       {@code X[(n, oh, ow)][(c', i, j)]} is the input tap {@code (i, j)} reads, or +0.0 in the padding.</li>
 * </ul>
 * The reduction indices run in ConvBackward's orders. Where ConvBackward skips a tap, the GEMM adds a product
 * with a +0.0 factor, which is +0.0 or -0.0 when the other factor is finite; a sum that starts at +0.0 in
 * round-to-nearest is never -0.0 (an exact zero sum is +0.0), so adding a zero leaves it as it is, infinite or NaN
 * sums included. With a non-finite weight (in {@code dX}) or output gradient (in {@code dW}) that product could be
 * NaN: such convolutions are left to ConvBackward. A gathered operand holds about {@link #RUN_FLOATS}
 * floats: {@code D}'s columns and {@code X}'s images go through in runs, and {@code dW} goes on summing from run to
 * run in the same order.
 */
final class ConvGradientGemms {

    /** Floats of one gathered operand, about: as many columns of D, or whole images of X, as fit (one at least). */
    private static final int RUN_FLOATS = 1 << 20;

    private ConvGradientGemms() {}

    /**
     * {@code [dX, dW]}, and {@code db} when the conv has a bias; or null when a weight or an output gradient is not
     * finite (ConvBackward then computes them).
     */
    static List<FloatTensor> conv2d(Conv2d c, FloatTensor x, FloatTensor w, FloatTensor dy, GemmThreads threads) {
        if (!finite(w.data()) || !finite(dy.data())) {
            return null;
        }
        Geometry g = new Geometry(c, x.shape(), w.shape(), dy.shape());
        FloatTensor dx = new FloatTensor(x.shape(), inputGradient(g, w.data(), dy.data(), threads));
        FloatTensor dw = new FloatTensor(w.shape(), weightGradient(g, x.data(), dy.data(), threads));
        return c.bias() ? List.of(dx, dw, ConvBackward.biasGradient(g, dy.data())) : List.of(dx, dw);
    }

    private static float[] inputGradient(Geometry g, float[] w, float[] dy, GemmThreads threads) {
        int taps = g.kh * g.kw;
        int k = g.coutG * taps;
        int in = g.h * g.w;
        int out = g.ho * g.wo;
        int[][] sources = outputSources(g);
        // Columns (n, y, x) go through in runs of about RUN_FLOATS / k: a tap row is as long as the input image.
        int columns = Math.max(1, RUN_FLOATS / Math.max(1, k));
        int total = g.batch * in;
        float[] dx = new float[g.batch * g.cin * in];
        for (int group = 0; group < g.conv.groups(); group++) {
            // W[c'][(co, i, j)] is the weight w[group's co][c'][i][j].
            float[][] weights = new float[g.cg][k];
            for (int local = 0; local < g.cg; local++) {
                for (int o = 0; o < g.coutG; o++) {
                    System.arraycopy(w, ((group * g.coutG + o) * g.cg + local) * taps, weights[local], o * taps, taps);
                }
            }
            for (int e0 = 0; e0 < total; e0 += columns) {
                int e1 = Math.min(total, e0 + columns);
                float[][] d = new float[k][e1 - e0];
                for (int n = e0 / in; n * in < e1; n++) {
                    int q0 = Math.max(e0 - n * in, 0);
                    int q1 = Math.min(e1 - n * in, in);
                    for (int o = 0; o < g.coutG; o++) {
                        float[] plane = block(dy, (n * g.cout + group * g.coutG + o) * out, out);
                        for (int t = 0; t < taps; t++) {
                            gather(plane, sources[t], q0, q1, d[o * taps + t], n * in + q0 - e0);
                        }
                    }
                }
                float[][] acc = new float[g.cg][e1 - e0];
                Fp32Gemm.accumulate(weights, d, acc, threads);
                for (int n = e0 / in; n * in < e1; n++) {
                    int q0 = Math.max(e0 - n * in, 0);
                    int q1 = Math.min(e1 - n * in, in);
                    for (int local = 0; local < g.cg; local++) {
                        System.arraycopy(acc[local], n * in + q0 - e0, dx, (n * g.cin + group * g.cg + local) * in + q0,
                                q1 - q0);
                    }
                }
            }
        }
        return dx;
    }

    private static float[] weightGradient(Geometry g, float[] x, float[] dy, GemmThreads threads) {
        int k = g.cg * g.kh * g.kw;
        int in = g.h * g.w;
        int out = g.ho * g.wo;
        int[][] sources = inputSources(g);
        int run = Math.max(1, RUN_FLOATS / Math.max(1, k * out));
        float[] dw = new float[g.cout * k];
        for (int group = 0; group < g.conv.groups(); group++) {
            float[][] acc = new float[g.coutG][k];
            for (int n0 = 0; n0 < g.batch; n0 += run) {
                int images = Math.min(run, g.batch - n0);
                float[][] grads = new float[g.coutG][images * out];
                float[][] patches = new float[images * out][k];
                for (int n = 0; n < images; n++) {
                    for (int o = 0; o < g.coutG; o++) {
                        System.arraycopy(dy, ((n0 + n) * g.cout + group * g.coutG + o) * out, grads[o], n * out, out);
                    }
                    float[] channels = block(x, ((n0 + n) * g.cin + group * g.cg) * in, g.cg * in);
                    for (int p = 0; p < out; p++) {
                        gather(channels, sources[p], 0, k, patches[n * out + p], 0);
                    }
                }
                Fp32Gemm.accumulate(grads, patches, acc, threads);
            }
            for (int o = 0; o < g.coutG; o++) {
                System.arraycopy(acc[o], 0, dw, (group * g.coutG + o) * k, k);
            }
        }
        return dw;
    }

    /**
     * For tap {@code t = i * kw + j} and input position {@code q = y * w + x}, the offset {@code oh * wo + ow} of the
     * output that reads input q through tap t, or {@code ho * wo} (the zero after a {@link #block}) where none does.
     */
    private static int[][] outputSources(Geometry g) {
        int[][] s = new int[g.kh * g.kw][g.h * g.w];
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                int[] row = s[i * g.kw + j];
                for (int y = 0; y < g.h; y++) {
                    int oh = g.outputRow(y, i);
                    for (int x = 0; x < g.w; x++) {
                        int ow = g.outputCol(x, j);
                        row[y * g.w + x] = oh < 0 || ow < 0 ? g.ho * g.wo : oh * g.wo + ow;
                    }
                }
            }
        }
        return s;
    }

    /**
     * For output position {@code p = oh * wo + ow} and reduction index {@code k = (c' * kh + i) * kw + j}, the offset
     * {@code (c' * h + iy) * w + ix} of the input tap (i, j) reads in a group's channels, or {@code cg * h * w} (the
     * zero after a {@link #block}) in the padding.
     */
    private static int[][] inputSources(Geometry g) {
        int[][] s = new int[g.ho * g.wo][g.cg * g.kh * g.kw];
        for (int oh = 0; oh < g.ho; oh++) {
            for (int ow = 0; ow < g.wo; ow++) {
                int[] row = s[oh * g.wo + ow];
                for (int local = 0; local < g.cg; local++) {
                    for (int i = 0; i < g.kh; i++) {
                        int iy = g.inputRow(oh, i);
                        for (int j = 0; j < g.kw; j++) {
                            int ix = g.inputCol(ow, j);
                            row[(local * g.kh + i) * g.kw + j] = iy < 0 || ix < 0 ? g.cg * g.h * g.w
                                    : (local * g.h + iy) * g.w + ix;
                        }
                    }
                }
            }
        }
        return s;
    }

    /** {@code from[base, base + size)} followed by a +0.0: what a source offset of {@code size} reads. */
    private static float[] block(float[] from, int base, int size) {
        float[] b = new float[size + 1];
        System.arraycopy(from, base, b, 0, size);
        return b;
    }

    /** {@code to[at + e - e0] = block[source[e]]} for {@code e} in {@code [e0, e1)}. */
    private static void gather(float[] block, int[] source, int e0, int e1, float[] to, int at) {
        for (int e = e0; e < e1; e++) {
            to[at + e - e0] = block[source[e]];
        }
    }

    private static boolean finite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
