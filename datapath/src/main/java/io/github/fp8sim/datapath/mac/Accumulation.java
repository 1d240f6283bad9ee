package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import java.util.Objects;

/**
 * The accumulator of the MAC array: its number format and the chunk length of chunk-based
 * accumulation (Wang et al. 2018, "Training Deep Neural Networks with 8-bit Floating Point Numbers").
 *
 * <p>{@link #FP32} (FP32, chunk 0) is the default: every addition is a Java {@code float} addition.
 * With any other format every addition is {@code round_acc(x + y)}: the exact sum rounded once to
 * {@code format} (RNE, overflow to Inf, or to NaN in formats without Inf), and accumulator values are
 * kept as floats holding that format's values.
 *
 * <p>With {@code chunk} C > 0, an {@link ArrayDataflow#OS} output sums its products in chunks of C
 * consecutive k, each from +0 in the accumulator format, and adds the chunk sums to the accumulator in
 * order. In {@link ArrayDataflow#WS} and {@link ArrayDataflow#IS} the array's K tile of R products already is
 * the chunk, so {@code chunk} is ignored there. FP32 with C > 0 is chunked FP32 accumulation.
 *
 * <p>With {@code fused} non-null (only with FP32 and no chunks) the array is a tensor core with an adder
 * tree: {@link FusedAccumulation}, {@code fused:F[:G]}, replaces the per-product additions, in every dataflow.
 *
 * @param format the accumulator format: FP32, FP16, BF16 or any {@link FloatFormat}
 * @param chunk C, products per chunk in OS (>= 0; 0 = no chunking)
 * @param fused the adder tree's grouping and alignment, or null: one addition per product
 */
public record Accumulation(FloatFormat format, int chunk, FusedAccumulation fused) {

    /** FP32 accumulation without chunks: the default. */
    public static final Accumulation FP32 = new Accumulation(FloatFormat.FP32, 0);

    public Accumulation {
        Objects.requireNonNull(format, "accumulation format");
        if (chunk < 0) {
            throw new IllegalArgumentException("accumulation chunk must be >= 0, got " + chunk);
        }
        if (fused != null && (!format.sameEncoding(FloatFormat.FP32) || chunk != 0)) {
            throw new IllegalArgumentException("accumulation " + fused + " needs an fp32 accumulator without "
                    + "chunks, got " + format.name() + (chunk == 0 ? "" : " chunk " + chunk));
        }
    }

    /** One addition per product (no adder tree): today's contract. */
    public Accumulation(FloatFormat format, int chunk) {
        this(format, chunk, null);
    }

    /** FP32 accumulation of an adder tree's group results: {@code fused:F[:G]}. */
    public static Accumulation fused(FusedAccumulation fused) {
        return new Accumulation(FloatFormat.FP32, 0, java.util.Objects.requireNonNull(fused, "fused"));
    }

    /**
     * Parses the accumulation mode of a machine file or {@code --accumulation}: {@code fp32} (the default,
     * {@link #FP32}) or {@code fused:F[:G]}.
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static Accumulation parseMode(String text) {
        if (text != null && text.trim().equalsIgnoreCase("fp32")) {
            return FP32;
        }
        return fused(FusedAccumulation.parse(text));
    }

    /** True when an adder tree sums groups of products ({@code fused:F[:G]}). */
    public boolean isFused() {
        return fused != null;
    }

    /** The mode's name as {@link #parseMode} reads it: {@code fp32} or {@code fused:F[:G]}. */
    public String modeName() {
        return fused == null ? "fp32" : fused.toString();
    }

    /** How a narrow addition's exact sum becomes the accumulator's value: RNE, overflow to Inf, ml_dtypes NaNs. */
    public QuantSpec sumRounding() {
        return new QuantSpec(format, Rounding.RNE, Overflow.INF, QuantSpec.DEFAULT_SR_BITS, NanPolicy.MLDTYPES);
    }

    /** True when additions are plain FP32 {@code float} additions (the format encodes like FP32). */
    public boolean isFp32() {
        return format.sameEncoding(FloatFormat.FP32);
    }

    @Override
    public String toString() {
        if (fused != null) {
            return fused.toString();
        }
        return format.name() + (chunk == 0 ? "" : "/chunk" + chunk);
    }
}
