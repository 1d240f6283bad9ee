package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Gradients of conv2d ({@code x [N, Cin, H, W]}, {@code w [Cout, Cin/groups, Kh, Kw]}, output {@code [N, Cout, Ho, Wo]}),
 * each element a dot product in {@code float} from +0.0 (the package's rule):
 * <ul>
 *   <li>{@code dX[n, c, y, x]}, the transposed convolution: over the taps {@code (co, i, j)} of c's group in
 *       increasing order of the weight's row-major index, the products {@code dY[n, co, oh, ow] w[co, c', i, j]}
 *       for which {@code y = oh sH - pH + i dH} and {@code x = ow sW - pW + j dW} name an output; taps that fall
 *       between strides or outside the output add nothing.</li>
 *   <li>{@code dW[co, c', i, j]}: over {@code (n, oh, ow)} in increasing order, {@code dY[n, co, oh, ow]} times the
 *       input the tap read, padding taps skipped (they read +0.0, which adds nothing to the sum).</li>
 *   <li>{@code db[co]}: the sum of {@code dY[n, co, ., .]} in double over {@code (n, oh, ow)}, rounded once.</li>
 * </ul>
 */
final class ConvBackward {

    private ConvBackward() {}

    /** {@code [dX, dW]}, and {@code db} when the conv has a bias. */
    static List<FloatTensor> conv2d(Conv2d c, FloatTensor x, FloatTensor w, FloatTensor dy) {
        Geometry g = new Geometry(c, x.shape(), w.shape(), dy.shape());
        FloatTensor dx = new FloatTensor(x.shape(), inputGradient(g, w.data(), dy.data()));
        FloatTensor dw = new FloatTensor(w.shape(), weightGradient(g, x.data(), dy.data()));
        return c.bias() ? List.of(dx, dw, biasGradient(g, dy.data())) : List.of(dx, dw);
    }

    private static float[] inputGradient(Geometry g, float[] w, float[] dy) {
        float[] dx = new float[g.batch * g.cin * g.h * g.w];
        int plane = g.ho * g.wo;
        for (int n = 0; n < g.batch; n++) {
            for (int ch = 0; ch < g.cin; ch++) {
                int group = ch / g.cg;
                int local = ch % g.cg;
                for (int y = 0; y < g.h; y++) {
                    for (int x = 0; x < g.w; x++) {
                        float acc = 0f;
                        for (int o = 0; o < g.coutG; o++) {
                            int co = group * g.coutG + o;
                            int wBase = (co * g.cg + local) * g.kh * g.kw;
                            int yBase = (n * g.cout + co) * plane;
                            for (int i = 0; i < g.kh; i++) {
                                int oh = g.outputRow(y, i);
                                if (oh < 0) {
                                    continue;
                                }
                                for (int j = 0; j < g.kw; j++) {
                                    int ow = g.outputCol(x, j);
                                    if (ow >= 0) {
                                        acc += dy[yBase + oh * g.wo + ow] * w[wBase + i * g.kw + j];
                                    }
                                }
                            }
                        }
                        dx[((n * g.cin + ch) * g.h + y) * g.w + x] = acc;
                    }
                }
            }
        }
        return dx;
    }

    private static float[] weightGradient(Geometry g, float[] x, float[] dy) {
        float[] dw = new float[g.cout * g.cg * g.kh * g.kw];
        int plane = g.ho * g.wo;
        for (int co = 0; co < g.cout; co++) {
            int group = co / g.coutG;
            for (int local = 0; local < g.cg; local++) {
                int ch = group * g.cg + local;
                for (int i = 0; i < g.kh; i++) {
                    for (int j = 0; j < g.kw; j++) {
                        float acc = 0f;
                        for (int n = 0; n < g.batch; n++) {
                            int yBase = (n * g.cout + co) * plane;
                            int xBase = (n * g.cin + ch) * g.h * g.w;
                            for (int oh = 0; oh < g.ho; oh++) {
                                int iy = g.inputRow(oh, i);
                                if (iy < 0) {
                                    continue;
                                }
                                for (int ow = 0; ow < g.wo; ow++) {
                                    int ix = g.inputCol(ow, j);
                                    if (ix >= 0) {
                                        acc += dy[yBase + oh * g.wo + ow] * x[xBase + iy * g.w + ix];
                                    }
                                }
                            }
                        }
                        dw[((co * g.cg + local) * g.kh + i) * g.kw + j] = acc;
                    }
                }
            }
        }
        return dw;
    }

    /** {@code db}: per output channel, the sum of its gradients in double over {@code (n, oh, ow)}. */
    static FloatTensor biasGradient(Geometry g, float[] dy) {
        Sums db = new Sums(TensorShape.of(g.cout));
        int plane = g.ho * g.wo;
        for (int n = 0; n < g.batch; n++) {
            for (int co = 0; co < g.cout; co++) {
                int base = (n * g.cout + co) * plane;
                for (int p = 0; p < plane; p++) {
                    db.add(co, dy[base + p]);
                }
            }
        }
        return db.rounded();
    }

    /** The sizes of one conv and the maps between an output position, a tap and the input it reads. */
    static final class Geometry {
        final Conv2d conv;
        final int batch;
        final int cin;
        final int h;
        final int w;
        final int cout;
        final int cg;
        final int coutG;
        final int kh;
        final int kw;
        final int ho;
        final int wo;

        Geometry(Conv2d conv, TensorShape xs, TensorShape ws, TensorShape ys) {
            this.conv = conv;
            this.batch = xs.dim(0);
            this.cin = xs.dim(1);
            this.h = xs.dim(2);
            this.w = xs.dim(3);
            this.cout = ws.dim(0);
            this.cg = ws.dim(1);
            this.coutG = cout / conv.groups();
            this.kh = ws.dim(2);
            this.kw = ws.dim(3);
            this.ho = ys.dim(2);
            this.wo = ys.dim(3);
        }

        /** The input row that tap row {@code i} of output row {@code oh} reads, or -1 in the padding. */
        int inputRow(int oh, int i) {
            int iy = oh * conv.strideH() - conv.padH() + i * conv.dilationH();
            return iy >= 0 && iy < h ? iy : -1;
        }

        /** The input column that tap column {@code j} of output column {@code ow} reads, or -1 in the padding. */
        int inputCol(int ow, int j) {
            int ix = ow * conv.strideW() - conv.padW() + j * conv.dilationW();
            return ix >= 0 && ix < w ? ix : -1;
        }

        /** The output row whose tap row {@code i} reads input row {@code y}, or -1 if none. */
        int outputRow(int y, int i) {
            return output(y + conv.padH() - i * conv.dilationH(), conv.strideH(), ho);
        }

        /** The output column whose tap column {@code j} reads input column {@code x}, or -1 if none. */
        int outputCol(int x, int j) {
            return output(x + conv.padW() - j * conv.dilationW(), conv.strideW(), wo);
        }

        private static int output(int offset, int stride, int size) {
            if (offset < 0 || offset % stride != 0 || offset / stride >= size) {
                return -1;
            }
            return offset / stride;
        }
    }
}
