package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;

/**
 * What a conversion unit does: target format, rounding, overflow policy, the number of random bits
 * r an SR rounding uses, and the NaN policy. Immutable; {@link Quantizer} executes it.
 *
 * @param srBits r in 1..31 (ARCHITECTURE.md section 2: default 8 for FP8 outputs, 13 for the FP16 master-weight update)
 */
public record QuantSpec(FloatFormat format, Rounding rounding, Overflow overflow, int srBits, NanPolicy nanPolicy) {

    /** Default r for FP8 outputs (ARCHITECTURE.md section 2). */
    public static final int DEFAULT_SR_BITS = 8;
    /** Default r for the FP16 master-weight update (ARCHITECTURE.md section 2). */
    public static final int DEFAULT_MASTER_SR_BITS = 13;
    /** The largest r: R must fit a non-negative int. */
    public static final int MAX_SR_BITS = 31;

    public QuantSpec {
        if (format == null || rounding == null || overflow == null || nanPolicy == null) {
            throw new IllegalArgumentException("format, rounding, overflow and NaN policy are all required");
        }
        if (srBits < 1 || srBits > MAX_SR_BITS) {
            throw new IllegalArgumentException("SR random bits must be 1.." + MAX_SR_BITS + ", got " + srBits);
        }
    }

    /** A spec with the default r (8) and the default NaN policy (ml_dtypes). */
    public static QuantSpec of(FloatFormat format, Rounding rounding, Overflow overflow) {
        return new QuantSpec(format, rounding, overflow, DEFAULT_SR_BITS, NanPolicy.MLDTYPES);
    }

    public QuantSpec withSrBits(int r) {
        return new QuantSpec(format, rounding, overflow, r, nanPolicy);
    }

    public QuantSpec withRounding(Rounding r) {
        return new QuantSpec(format, r, overflow, srBits, nanPolicy);
    }

    public QuantSpec withNanPolicy(NanPolicy p) {
        return new QuantSpec(format, rounding, overflow, srBits, p);
    }

    /** e.g. {@code e5m2/sr8/saturate/mldtypes}. */
    @Override
    public String toString() {
        return format.name() + "/" + rounding.cliName() + (rounding == Rounding.SR ? String.valueOf(srBits) : "")
                + "/" + overflow.cliName() + "/" + nanPolicy.cliName();
    }
}
