package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** max, average and global-average pooling over {@code [N, C, H, W]}; windows are scanned row by row. */
final class Pooling {

    private Pooling() {}

    /** The window maximum by {@link Math#max(float, float)} (a NaN wins); padding never wins. */
    static FloatTensor maxPool(MaxPool p, FloatTensor x, TensorShape out) {
        PoolWindow w = new PoolWindow(x.shape(), out, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
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
        PoolWindow w = new PoolWindow(x.shape(), out, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
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
}
