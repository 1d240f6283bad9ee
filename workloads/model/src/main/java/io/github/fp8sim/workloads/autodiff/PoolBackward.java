package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.PoolWindow;

/**
 * Gradients of max, average and global-average pooling over {@code [N, C, H, W]}. Windows are clipped to the
 * unpadded input as in the forward; overlapping windows add their shares into an input in double, in
 * increasing output index, rounded once ({@link Sums}).
 */
final class PoolBackward {

    private PoolBackward() {}

    /**
     * Each output's gradient goes to one input of its window: the first maximum in the forward's scan order
     * (row by row, left to right), where a later value takes over only when strictly greater, or NaN when the
     * maximum so far is not (the forward's {@link Math#max(float, float)} lets a NaN win). So of tied maxima the
     * first gets all the gradient, and padding, never read, never wins.
     */
    static FloatTensor maxPool(MaxPool p, FloatTensor x, FloatTensor dy) {
        PoolWindow w = new PoolWindow(x.shape(), dy.shape(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
        float[] v = x.data();
        float[] g = dy.data();
        Sums dx = new Sums(x.shape());
        int o = 0;
        for (int plane = 0; plane < w.planes; plane++) {
            int base = plane * w.h * w.w;
            for (int oh = 0; oh < w.ho; oh++) {
                for (int ow = 0; ow < w.wo; ow++) {
                    int best = -1;
                    for (int i = w.rowStart(oh); i < w.rowEnd(oh); i++) {
                        for (int j = w.colStart(ow); j < w.colEnd(ow); j++) {
                            int at = base + i * w.w + j;
                            if (best < 0 || v[at] > v[best] || (Float.isNaN(v[at]) && !Float.isNaN(v[best]))) {
                                best = at;
                            }
                        }
                    }
                    dx.add(best, g[o++]);
                }
            }
        }
        return dx.rounded();
    }

    /**
     * Each output's gradient divided by the forward's divisor (the full window with {@code countIncludePad}, else
     * the taps inside the input), spread over the window's inputs.
     */
    static FloatTensor avgPool(AvgPool p, FloatTensor x, FloatTensor dy) {
        PoolWindow w = new PoolWindow(x.shape(), dy.shape(), p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW());
        float[] g = dy.data();
        Sums dx = new Sums(x.shape());
        int o = 0;
        for (int plane = 0; plane < w.planes; plane++) {
            int base = plane * w.h * w.w;
            for (int oh = 0; oh < w.ho; oh++) {
                for (int ow = 0; ow < w.wo; ow++) {
                    int count = (w.rowEnd(oh) - w.rowStart(oh)) * (w.colEnd(ow) - w.colStart(ow));
                    int divisor = p.countIncludePad() ? p.kernelH() * p.kernelW() : count;
                    double share = (double) g[o++] / divisor;
                    for (int i = w.rowStart(oh); i < w.rowEnd(oh); i++) {
                        for (int j = w.colStart(ow); j < w.colEnd(ow); j++) {
                            dx.add(base + i * w.w + j, share);
                        }
                    }
                }
            }
        }
        return dx.rounded();
    }

    /** {@code dY[n, c] / (H W)} to every position of plane {@code (n, c)}. */
    static FloatTensor globalAvgPool(FloatTensor x, FloatTensor dy) {
        int area = x.shape().dim(2) * x.shape().dim(3);
        float[] g = dy.data();
        float[] dx = new float[x.size()];
        for (int plane = 0; plane < g.length; plane++) {
            float share = (float) ((double) g[plane] / area);
            java.util.Arrays.fill(dx, plane * area, (plane + 1) * area, share);
        }
        return new FloatTensor(x.shape(), dx);
    }
}
