package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.Arrays;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * conv2d as im2col + {@link Fp32Gemm}, per group and run of images: the reduction index is
 * {@code k = (ci * Kh + kh) * Kw + kw} (the weight's own row-major order), padding taps are explicit
 * {@code +0.0} inputs (as in the im2col GEMM the accelerator runs) and each output starts at its bias.
 * The images of a run sit side by side in the GEMM's columns, so small feature maps still give long rows.
 */
final class Convolution {

    /** Floats of one patch matrix, at most: as many whole images as fit (one at a time beyond). */
    private static final int RUN_FLOATS = 1 << 20;

    private Convolution() {}

    /** {@code y = conv(x, w) + bias}; {@code bias} is null for a conv without one; the output channels' rows shared by threads. */
    static FloatTensor conv2d(Conv2d c, FloatTensor x, FloatTensor w, FloatTensor bias, TensorShape out,
            GemmThreads threads) {
        TensorShape xs = x.shape();
        TensorShape ws = w.shape();
        int batch = xs.dim(0);
        int cin = xs.dim(1);
        int cg = ws.dim(1);
        int kh = ws.dim(2);
        int kw = ws.dim(3);
        int cout = out.dim(1);
        int coutG = cout / c.groups();
        int ho = out.dim(2);
        int wo = out.dim(3);
        int k = cg * kh * kw;
        int plane = ho * wo;
        int image = cin * xs.dim(2) * xs.dim(3);
        int run = Math.max(1, RUN_FLOATS / Math.max(1, k * plane));
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int g = 0; g < c.groups(); g++) {
            float[][] weights = Fp32Gemm.rows(w.data(), g * coutG * k, coutG, k);
            for (int n0 = 0; n0 < batch; n0 += run) {
                int images = Math.min(run, batch - n0);
                float[][] col = new float[k][images * plane];
                for (int n = 0; n < images; n++) {
                    im2col(c, x.data(), (n0 + n) * image + g * cg * xs.dim(2) * xs.dim(3), cg, xs.dim(2), xs.dim(3),
                            kh, kw, ho, wo, col, n * plane);
                }
                float[][] acc = new float[coutG][images * plane];
                if (bias != null) {
                    for (int o = 0; o < coutG; o++) {
                        Arrays.fill(acc[o], bias.data()[g * coutG + o]);
                    }
                }
                Fp32Gemm.accumulate(weights, col, acc, threads);
                for (int n = 0; n < images; n++) {
                    for (int o = 0; o < coutG; o++) {
                        System.arraycopy(acc[o], n * plane, y, ((n0 + n) * cout + g * coutG + o) * plane, plane);
                    }
                }
            }
        }
        return new FloatTensor(out, y);
    }

    /**
     * Fills columns {@code [at, at + ho * wo)} of the {@code [cg * kh * kw]} rows of {@code col} with the patches of
     * {@code cg} channels starting at {@code base}: row {@code (ci * kh + i) * kw + j} holds input
     * {@code (oh * sh - ph + i * dh, ow * sw - pw + j * dw)} for every output {@code (oh, ow)}, or leaves the +0.0
     * where that lies in the padding.
     */
    private static void im2col(Conv2d c, float[] x, int base, int cg, int h, int w, int kh, int kw, int ho, int wo,
            float[][] col, int at) {
        for (int ci = 0; ci < cg; ci++) {
            int channel = base + ci * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    float[] row = col[(ci * kh + i) * kw + j];
                    // Outputs [first, end) of a row read inside the image: iw = ow * sw + shift in [0, w).
                    int sw = c.strideW();
                    int shift = j * c.dilationW() - c.padW();
                    int first = shift >= 0 ? 0 : Math.ceilDiv(-shift, sw);
                    int end = Math.max(first, Math.min(wo, Math.ceilDiv(w - shift, sw)));
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * c.strideH() - c.padH() + i * c.dilationH();
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int src = channel + ih * w + shift;
                        int dst = at + oh * wo;
                        for (int ow = first; ow < end; ow++) {
                            row[dst + ow] = x[src + ow * sw];
                        }
                    }
                }
            }
        }
    }
}
