package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * A convolution's three GEMMs over the im2col operand A [M = (n, oy, ox)][K = (c, ky, kx)], whose K
 * order is the OIHW weight's, so W is the [Cout][K] matrix as stored: forward Y = A W^T, error
 * dA = dY W (then col2im), weight gradient dW = dY^T A.
 */
final class ConvGemms {

    private ConvGemms() {
    }

    /** The geometry of one convolution. */
    private record Geometry(int n, int c, int h, int w, int co, int kh, int kw, int ho, int wo, Conv2d conv) {
        static Geometry of(Conv2d conv, TensorShape x, TensorShape weight) {
            if (conv.groups() != 1) {
                throw new IllegalArgumentException("the FP8 engine's convolutions take groups = 1, got " + conv.groups());
            }
            int kh = weight.dim(2);
            int kw = weight.dim(3);
            int ho = (x.dim(2) + 2 * conv.padH() - conv.dilationH() * (kh - 1) - 1) / conv.strideH() + 1;
            int wo = (x.dim(3) + 2 * conv.padW() - conv.dilationW() * (kw - 1) - 1) / conv.strideW() + 1;
            return new Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), weight.dim(0), kh, kw, ho, wo, conv);
        }

        int m() {
            return n * ho * wo;
        }

        int k() {
            return c * kh * kw;
        }

        /** The input index of A's (row, col), or -1 in the padding. */
        int source(int row, int col) {
            int ox = row % wo;
            int oy = row / wo % ho;
            int b = row / (wo * ho);
            int kx = col % kw;
            int ky = col / kw % kh;
            int ch = col / (kw * kh);
            int iy = oy * conv.strideH() - conv.padH() + ky * conv.dilationH();
            int ix = ox * conv.strideW() - conv.padW() + kx * conv.dilationW();
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                return -1;
            }
            return ((b * c + ch) * h + iy) * w + ix;
        }
    }

    private static byte[] im2col(Geometry g, byte[] x) {
        int k = g.k();
        byte[] a = new byte[g.m() * k];      // code 0 is +0 in every format: the padding
        for (int row = 0; row < g.m(); row++) {
            for (int col = 0; col < k; col++) {
                int s = g.source(row, col);
                if (s >= 0) {
                    a[row * k + col] = x[s];
                }
            }
        }
        return a;
    }

    /** [N][Cout][Ho][Wo] values as the [M][Cout] matrix. */
    private static float[] toRows(Geometry g, float[] y) {
        int hw = g.ho * g.wo;
        float[] r = new float[y.length];
        for (int b = 0; b < g.n; b++) {
            for (int o = 0; o < g.co; o++) {
                for (int p = 0; p < hw; p++) {
                    r[(b * hw + p) * g.co + o] = y[(b * g.co + o) * hw + p];
                }
            }
        }
        return r;
    }

    static FloatTensor forward(Fp8Numerics f, Conv2d conv, List<FloatTensor> in, boolean graphOutput) {
        FloatTensor x = in.get(0);
        FloatTensor w = in.get(1);
        Geometry g = Geometry.of(conv, x.shape(), w.shape());
        byte[] a = im2col(g, f.activationCodes(x.data()));
        byte[] wt = Codes.transpose(f.weightCodes(w.data()), g.co, g.k());
        float[] rows = f.multiply(a, f.recipe().activation(), wt, f.recipe().weight(), g.m(), g.co, g.k());
        int hw = g.ho * g.wo;
        float[] y = new float[rows.length];
        float[] bias = conv.bias() ? in.get(2).data() : null;
        for (int b = 0; b < g.n; b++) {
            for (int o = 0; o < g.co; o++) {
                for (int p = 0; p < hw; p++) {
                    float v = rows[(b * hw + p) * g.co + o];
                    y[(b * g.co + o) * hw + p] = bias == null ? v : v + bias[o];
                }
            }
        }
        return new FloatTensor(TensorShape.of(g.n, g.co, g.ho, g.wo), f.forwardOutput(y, graphOutput));
    }

    static List<FloatTensor> backward(Fp8Numerics f, int node, Conv2d conv, List<FloatTensor> in, FloatTensor dy) {
        FloatTensor x = in.get(0);
        FloatTensor w = in.get(1);
        Geometry g = Geometry.of(conv, x.shape(), w.shape());
        int m = g.m();
        int k = g.k();
        byte[] dyq = f.errorCodes(toRows(g, dy.data()), node, 0);                 // [M][Cout]
        // error: dA [M][K] = dY [M][Cout] x W [Cout][K], then col2im in FP32, rows then columns in order
        float[] da = f.multiply(dyq, f.recipe().error(), f.weightCodes(w.data()), f.recipe().weight(), m, k, g.co);
        float[] dx = new float[x.size()];
        for (int row = 0; row < m; row++) {
            for (int col = 0; col < k; col++) {
                int s = g.source(row, col);
                if (s >= 0) {
                    dx[s] += da[row * k + col];
                }
            }
        }
        byte[] dxq = f.errorCodes(dx, node, 1);
        // weight gradient: dW [Cout][K] = dY^T [Cout][M] x A [M][K]
        byte[] a = im2col(g, f.activationCodes(x.data()));
        float[] dw = f.multiply(Codes.transpose(dyq, m, g.co), f.recipe().error(), a, f.recipe().activation(), g.co, k, m);
        byte[] dwq = f.gradientCodes(dw, node);
        List<FloatTensor> grads = new ArrayList<>();
        grads.add(new FloatTensor(x.shape(), Codes.decode(dxq, f.recipe().error())));
        grads.add(new FloatTensor(w.shape(), Codes.decode(dwq, f.recipe().gradient())));
        if (conv.bias()) {
            float[] db = Codes.columnSums(dyq, f.recipe().error(), g.co);
            grads.add(new FloatTensor(in.get(2).shape(), db));
        }
        return grads;
    }
}
