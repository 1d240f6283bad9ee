package io.github.fp8sim.workloads.compiler;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a GEMM layer does to each FP32 accumulator tile after its products, in this order
 * ({@link GemmLowering}): multiply each column by a scale, add a bias (together a folded BatchNorm,
 * x s + t), add a residual (convolutions, {@link ConvLayer#residual()}), ReLU, then quantize to
 * {@code output}.
 *
 * @param scale  DRAM address of N little-endian FP32 per-column factors, if the layer has them
 * @param bias   DRAM address of N little-endian FP32 per-column addends, if the layer has them
 * @param relu   whether negative values become zero before the quantization
 * @param output how the accumulators become the stored output
 */
public record Epilogue(OptionalLong scale, OptionalLong bias, boolean relu, OutputSpec output) {

    public Epilogue {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(bias, "bias");
        Objects.requireNonNull(output, "output");
    }

    /** Only the quantization to {@code output}: no scale, no bias, no ReLU. */
    public static Epilogue quantize(OutputSpec output) {
        return new Epilogue(OptionalLong.empty(), OptionalLong.empty(), false, output);
    }

    /** This epilogue with the per-column bias at {@code addr}. */
    public Epilogue withBias(long addr) {
        return new Epilogue(scale, OptionalLong.of(addr), relu, output);
    }
}
