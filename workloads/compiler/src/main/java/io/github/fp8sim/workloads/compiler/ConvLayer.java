package io.github.fp8sim.workloads.compiler;

import java.util.Objects;
import java.util.Optional;

/**
 * A convolution as it sits in DRAM, lowered as an implicit GEMM ({@link ConvLowering}).
 *
 * <p>Layouts: the input is NHWC 8-bit codes of the {@link ConvGeometry}'s padded {@code inH x inW}
 * window, stored with {@code input.border()} more pixels of border on each side (another reader of the
 * same tensor needs a wider padding): its stored rows are {@code inW + 2 border} pixels long and the
 * window starts {@code border} pixels in. The weights are {@code [Fh][Fw][C][filters]} codes, which is
 * exactly the GEMM's K x N operand B with k = (fh, fw, c). The output is NHWC codes written into a
 * buffer with an {@code outPad}-wide border left untouched (zero), ready to be the next convolution's
 * padded input.
 *
 * <p>The GEMM: M = batch x outH x outW output pixels in (n, oh, ow) order, N = filters,
 * K = Fh x Fw x C in (fh, fw, c) order.
 *
 * @param epilogue scale, bias, ReLU and output quantization of every output tile
 * @param residual the shortcut of a residual block, added before the ReLU: a tensor of the output's pixels
 *                 and channels, NHWC with its own border; empty for none
 */
public record ConvLayer(String name, ConvGeometry geometry, ImageOperand input, Operand weights, Epilogue epilogue,
                        Optional<ImageOperand> residual, long outAddr, int outPad) {

    public ConvLayer {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(epilogue, "epilogue");
        Objects.requireNonNull(residual, "residual");
        if (outPad < 0) {
            throw new IllegalArgumentException(name + ": the output border must be >= 0, got " + outPad);
        }
    }

    public int outH() {
        return geometry.outH();
    }

    public int outW() {
        return geometry.outW();
    }

    /** The GEMM this convolution is: M = output pixels, N = filters, K = Fh Fw C. */
    public GemmLayer asGemm() {
        int k = geometry.gemmK();
        int filters = geometry.filters();
        // A's address and stride describe no real matrix (ConvLowering loads A itself); the record needs valid values.
        return new GemmLayer(name, geometry.gemmM(), filters, k, new Operand(input.addr(), k, input.format()), weights,
                epilogue, outAddr, (long) filters * epilogue.output().bytesPerElement());
    }
}
