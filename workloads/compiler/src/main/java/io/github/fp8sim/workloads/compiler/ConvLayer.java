package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.NumFormat;

/**
 * A convolution as it sits in DRAM, lowered as an implicit GEMM ({@link ConvLowering}).
 *
 * <p>Layouts: the input is NHWC 8-bit codes <em>stored with its padding</em> ({@code inH x inW}
 * include the zero border, so the conv itself has no padding to handle); the weights are
 * {@code [Fh][Fw][C][filters]} codes, which is exactly the GEMM's K x N operand with k = (fh, fw, c);
 * the output is NHWC codes written into a buffer with an {@code outPad}-wide border left untouched
 * (zero), ready to be the next convolution's padded input.
 *
 * <p>The GEMM: M = batch x outH x outW output pixels in (n, oh, ow) order, N = filters,
 * K = Fh x Fw x C in (fh, fw, c) order; outH = (inH - Fh) / stride + 1, likewise outW.
 *
 * <p>Epilogue: x scale, + bias (a folded BatchNorm, FP32 rows of N values, -1 for none), + residual
 * (a tensor of the output's pixels and channels, NHWC with its own {@code residualPad}-wide border, in
 * {@code residualFormat}; -1 for none), ReLU, quantize.
 *
 * <p>{@code inSkip}: the stored input may have a wider border than this convolution's padding (another
 * reader of the same tensor needs more); {@code inH x inW} is then the window this convolution sees,
 * and the stored rows are {@code inW + 2 inSkip} pixels long, the window starting {@code inSkip} pixels
 * in on each side.
 */
public record ConvLayer(String name, int batch, int inH, int inW, int channels, int filterH, int filterW, int stride,
                        int filters, long inAddr, NumFormat inFormat, long weightAddr, NumFormat weightFormat,
                        long scaleAddr, long biasAddr, long residualAddr, NumFormat residualFormat, boolean relu,
                        long outAddr, int outPad, OutputSpec output, int inSkip, int residualPad) {

    public ConvLayer {
        if (batch < 1 || channels < 1 || filters < 1 || stride < 1 || filterH < 1 || filterW < 1 || outPad < 0
                || inSkip < 0 || residualPad < 0) {
            throw new IllegalArgumentException(name + ": batch, channels, filters, stride and filter sizes must be >= 1");
        }
        if (inH < filterH || inW < filterW) {
            throw new IllegalArgumentException(name + ": the padded input " + inH + "x" + inW + " is smaller than the filter "
                    + filterH + "x" + filterW);
        }
    }

    /** A layer whose stored input border is exactly its padding and whose residual has the output's border. */
    public ConvLayer(String name, int batch, int inH, int inW, int channels, int filterH, int filterW, int stride,
                     int filters, long inAddr, NumFormat inFormat, long weightAddr, NumFormat weightFormat,
                     long scaleAddr, long biasAddr, long residualAddr, NumFormat residualFormat, boolean relu,
                     long outAddr, int outPad, OutputSpec output) {
        this(name, batch, inH, inW, channels, filterH, filterW, stride, filters, inAddr, inFormat, weightAddr, weightFormat,
                scaleAddr, biasAddr, residualAddr, residualFormat, relu, outAddr, outPad, output, 0, outPad);
    }

    public int outH() {
        return (inH - filterH) / stride + 1;
    }

    public int outW() {
        return (inW - filterW) / stride + 1;
    }

    /** The GEMM this convolution is: M = output pixels, N = filters, K = Fh Fw C. */
    public GemmLayer asGemm() {
        int m = batch * outH() * outW();
        int k = filterH * filterW * channels;
        // A's address and stride describe no real matrix (ConvLowering loads A itself); the record needs valid values.
        return new GemmLayer(name, m, filters, k, inAddr, k, inFormat, weightAddr, filters, weightFormat, scaleAddr,
                biasAddr, relu, outAddr, (long) filters * output.bytesPerElement(), output);
    }
}
