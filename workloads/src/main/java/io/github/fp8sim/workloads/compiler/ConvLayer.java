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
 * (a tensor laid out exactly like the output, in {@code residualFormat}; -1 for none), ReLU, quantize.
 */
public record ConvLayer(String name, int batch, int inH, int inW, int channels, int filterH, int filterW, int stride,
                        int filters, long inAddr, NumFormat inFormat, long weightAddr, NumFormat weightFormat,
                        long scaleAddr, long biasAddr, long residualAddr, NumFormat residualFormat, boolean relu,
                        long outAddr, int outPad, OutputSpec output) {

    public ConvLayer {
        if (batch < 1 || channels < 1 || filters < 1 || stride < 1 || filterH < 1 || filterW < 1 || outPad < 0) {
            throw new IllegalArgumentException(name + ": batch, channels, filters, stride and filter sizes must be >= 1");
        }
        if (inH < filterH || inW < filterW) {
            throw new IllegalArgumentException(name + ": the padded input " + inH + "x" + inW + " is smaller than the filter "
                    + filterH + "x" + filterW);
        }
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
