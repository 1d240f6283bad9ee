package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.TensorShape;

/**
 * conv2d as im2col + {@link Gemm}, per image and group: the reduction index is
 * {@code k = (ci * Kh + kh) * Kw + kw} (the weight's own row-major order), padding taps are explicit
 * {@code +0.0} inputs (as in the im2col GEMM the accelerator runs) and each output starts at its bias.
 */
final class Convolution {

    private Convolution() {}

    /** {@code y = conv(x, w) + bias}; {@code bias} is null for a conv without one. */
    static FloatTensor conv2d(Conv2d c, FloatTensor x, FloatTensor w, FloatTensor bias, TensorShape out) {
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
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int g = 0; g < c.groups(); g++) {
            float[][] weights = Gemm.rows(w.data(), g * coutG * k, coutG, k);
            for (int n = 0; n < batch; n++) {
                float[][] col = im2col(c, x.data(), (n * cin + g * cg) * xs.dim(2) * xs.dim(3), cg, xs.dim(2), xs.dim(3),
                        kh, kw, ho, wo);
                float[][] acc = new float[coutG][];
                for (int o = 0; o < coutG; o++) {
                    acc[o] = new float[plane];
                    if (bias != null) {
                        java.util.Arrays.fill(acc[o], bias.data()[g * coutG + o]);
                    }
                }
                Gemm.accumulate(weights, col, acc);
                Gemm.store(acc, y, (n * cout + g * coutG) * plane);
            }
        }
        return new FloatTensor(out, y);
    }

    /**
     * The {@code [cg * kh * kw][ho * wo]} patch matrix of {@code cg} channels starting at {@code base}: row
     * {@code (ci * kh + i) * kw + j} holds input {@code (oh * sh - ph + i * dh, ow * sw - pw + j * dw)} for every
     * output {@code (oh, ow)}, or 0 where that lies in the padding.
     */
    private static float[][] im2col(Conv2d c, float[] x, int base, int cg, int h, int w, int kh, int kw, int ho, int wo) {
        float[][] col = new float[cg * kh * kw][ho * wo];
        for (int ci = 0; ci < cg; ci++) {
            int channel = base + ci * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    float[] row = col[(ci * kh + i) * kw + j];
                    for (int oh = 0; oh < ho; oh++) {
                        int ih = oh * c.strideH() - c.padH() + i * c.dilationH();
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int src = channel + ih * w;
                        int dst = oh * wo;
                        for (int ow = 0; ow < wo; ow++) {
                            int iw = ow * c.strideW() - c.padW() + j * c.dilationW();
                            if (iw >= 0 && iw < w) {
                                row[dst + ow] = x[src + iw];
                            }
                        }
                    }
                }
            }
        }
        return col;
    }
}
