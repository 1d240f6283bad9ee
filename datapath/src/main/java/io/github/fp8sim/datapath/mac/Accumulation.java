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
 * @param format the accumulator format: FP32, FP16, BF16 or any {@link FloatFormat}
 * @param chunk C, products per chunk in OS (>= 0; 0 = no chunking)
 */
public record Accumulation(FloatFormat format, int chunk) {

    /** FP32 accumulation without chunks: the default. */
    public static final Accumulation FP32 = new Accumulation(FloatFormat.FP32, 0);

    public Accumulation {
        Objects.requireNonNull(format, "accumulation format");
        if (chunk < 0) {
            throw new IllegalArgumentException("accumulation chunk must be >= 0, got " + chunk);
        }
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
        return format.name() + (chunk == 0 ? "" : "/chunk" + chunk);
    }
}
