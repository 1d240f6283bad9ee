package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.TensorShape;

/** max, average and global-average pooling over {@code [N, C, H, W]}; windows are scanned row by row. */
final class Pooling {

    private Pooling() {}

    /** The window maximum by {@link Math#max(float, float)} (a NaN wins); padding never wins. */
    static FloatTensor maxPool(MaxPool p, FloatTensor x, TensorShape out) {
        Window w = new Window(x.shape(), out, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
        float[] v = x.data();
        float[] y = new float[Math.toIntExact(out.numel())];
        int o = 0;
        for (int plane = 0; plane < w.planes; plane++) {
            int base = plane * w.h * w.w;
            for (int oh = 0; oh < w.ho; oh++) {
                for (int ow = 0; ow < w.wo; ow++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = w.rowStart(oh); i < w.rowEnd(oh); i++) {
                        for (int j = w.colStart(ow); j < w.colEnd(ow); j++) {
                            m = Math.max(m, v[base + i * w.w + j]);
                        }
                    }
                    y[o++] = m;
                }
            }
        }
        return new FloatTensor(out, y);
    }

    /** The window mean, summed in double; the divisor counts padding taps when {@code countIncludePad}. */
    static FloatTensor avgPool(AvgPool p, FloatTensor x, TensorShape out) {
        Window w = new Window(x.shape(), out, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
        float[] v = x.data();
        float[] y = new float[Math.toIntExact(out.numel())];
        int o = 0;
        for (int plane = 0; plane < w.planes; plane++) {
            int base = plane * w.h * w.w;
            for (int oh = 0; oh < w.ho; oh++) {
                for (int ow = 0; ow < w.wo; ow++) {
                    double sum = 0;
                    int count = 0;
                    for (int i = w.rowStart(oh); i < w.rowEnd(oh); i++) {
                        for (int j = w.colStart(ow); j < w.colEnd(ow); j++) {
                            sum += v[base + i * w.w + j];
                            count++;
                        }
                    }
                    // Floor mode keeps every window inside the padded input, so the full window is kh * kw.
                    int divisor = p.countIncludePad() ? p.kernelH() * p.kernelW() : count;
                    y[o++] = (float) (sum / divisor);
                }
            }
        }
        return new FloatTensor(out, y);
    }

    /** The mean of each {@code H x W} plane, summed in double row by row: {@code [N, C]}. */
    static FloatTensor globalAvgPool(FloatTensor x, TensorShape out) {
        int area = x.shape().dim(2) * x.shape().dim(3);
        float[] v = x.data();
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int plane = 0; plane < y.length; plane++) {
            double sum = 0;
            for (int i = plane * area; i < (plane + 1) * area; i++) {
                sum += v[i];
            }
            y[plane] = (float) (sum / area);
        }
        return new FloatTensor(out, y);
    }

    /** A pooling window's geometry and the input rows and columns it covers, clipped to the unpadded input. */
    private static final class Window {
        final int planes;
        final int h;
        final int w;
        final int ho;
        final int wo;
        private final int kh;
        private final int kw;
        private final int sh;
        private final int sw;
        private final int ph;
        private final int pw;

        Window(TensorShape in, TensorShape out, int kh, int kw, int sh, int sw, int ph, int pw) {
            this.planes = in.dim(0) * in.dim(1);
            this.h = in.dim(2);
            this.w = in.dim(3);
            this.ho = out.dim(2);
            this.wo = out.dim(3);
            this.kh = kh;
            this.kw = kw;
            this.sh = sh;
            this.sw = sw;
            this.ph = ph;
            this.pw = pw;
        }

        int rowStart(int oh) {
            return Math.max(0, oh * sh - ph);
        }

        int rowEnd(int oh) {
            return Math.min(h, oh * sh - ph + kh);
        }

        int colStart(int ow) {
            return Math.max(0, ow * sw - pw);
        }

        int colEnd(int ow) {
            return Math.min(w, ow * sw - pw + kw);
        }
    }
}
