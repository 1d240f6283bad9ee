package io.github.fp8sim.workloads.compiler;

/**
 * The shape of a convolution as {@link ConvLowering} sees it: {@code batch} images of
 * {@code inH x inW} pixels (the zero padding included, so the convolution itself pads nothing) and
 * {@code channels} channels, {@code filters} filters of {@code filterH x filterW}, one stride for both
 * axes. outH = (inH - filterH) / stride + 1, likewise outW.
 */
public record ConvGeometry(int batch, int inH, int inW, int channels, int filterH, int filterW, int stride, int filters) {

    public ConvGeometry {
        if (batch < 1 || channels < 1 || filters < 1 || stride < 1 || filterH < 1 || filterW < 1) {
            throw new IllegalArgumentException("batch, channels, filters, stride and filter sizes must be >= 1");
        }
        if (inH < filterH || inW < filterW) {
            throw new IllegalArgumentException("the padded input " + inH + "x" + inW + " is smaller than the filter "
                    + filterH + "x" + filterW);
        }
    }

    public int outH() {
        return (inH - filterH) / stride + 1;
    }

    public int outW() {
        return (inW - filterW) / stride + 1;
    }

    /** The implicit GEMM's M: output pixels, in (n, oh, ow) order. */
    public int gemmM() {
        return batch * outH() * outW();
    }

    /** The implicit GEMM's K: Fh x Fw x C, in (fh, fw, c) order. */
    public int gemmK() {
        return filterH * filterW * channels;
    }
}
