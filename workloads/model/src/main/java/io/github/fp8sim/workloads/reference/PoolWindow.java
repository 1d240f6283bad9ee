package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * A 2-D pooling window's geometry over {@code [N, C, H, W]} and the input rows and columns each output
 * covers, clipped to the unpadded input: the one definition the forward pools and their gradients share.
 */
public final class PoolWindow {
    /** N x C: the independent planes. */
    public final int planes;
    public final int h;
    public final int w;
    public final int ho;
    public final int wo;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int ph;
    private final int pw;

    /** The window of kernel kh x kw, stride sh x sw, padding ph x pw from input shape {@code in} to {@code out}. */
    public PoolWindow(TensorShape in, TensorShape out, int kh, int kw, int sh, int sw, int ph, int pw) {
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

    /** The first input row output row {@code oh} covers. */
    public int rowStart(int oh) {
        return Math.max(0, oh * sh - ph);
    }

    /** One past the last input row output row {@code oh} covers. */
    public int rowEnd(int oh) {
        return Math.min(h, oh * sh - ph + kh);
    }

    /** The first input column output column {@code ow} covers. */
    public int colStart(int ow) {
        return Math.max(0, ow * sw - pw);
    }

    /** One past the last input column output column {@code ow} covers. */
    public int colEnd(int ow) {
        return Math.min(w, ow * sw - pw + kw);
    }
}
