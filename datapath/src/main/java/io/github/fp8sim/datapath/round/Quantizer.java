package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * A conversion unit executing one {@link QuantSpec}: FP32 in, codes out. Its per-element path is a
 * bit-trick cache of {@link Converter#f32ToFormat} for the common cases (normal and subnormal results
 * of any format with at most 22 mantissa bits and a min normal inside FP32's normal range) and falls
 * back to the generic converter for NaN, Inf, overflow and everything else. The fast path is tested
 * equal to the generic one; it allocates nothing and has no state, so one instance may be shared.
 */
public final class Quantizer {

    private final QuantSpec spec;
    private final FloatFormat format;
    private final boolean fast;
    private final int shift;          // 23 - m: FP32 mantissa bits dropped for a normal result
    private final int rneBias;        // 2^(shift-1) - 1: added before truncation for RNE (plus the kept LSB)
    private final int rebias;         // (127 - bias) << m: FP32 exponent field to the format's
    private final int minNormalBits;  // FP32 bits of the format's min normal
    private final int maxMagnitude;   // the format's max finite magnitude code
    private final int signBit;        // the format's sign bit
    private final boolean negativeZero;
    private final float magic;        // 2^(emin - m + 23): its ulp is the format's subnormal spacing
    private final int magicBits;
    private final double subnormalScale;   // 2^(m - emin): |x| in subnormal quanta
    private final double srSubnormalScale; // 2^(m - emin + r)
    private final int srBits;
    private final int overflowPositive;    // the code of +-Inf inputs and of finite overflows
    private final int overflowNegative;
    private final int nanPositive;         // the code of NaN inputs, by sign
    private final int nanNegative;

    public Quantizer(QuantSpec spec) {
        this.spec = spec;
        this.format = spec.format();
        int m = format.manBits();
        int emin = format.minExponent();
        this.fast = m <= 22 && emin >= -126;
        this.shift = 23 - m;
        this.rneBias = (1 << (shift - 1)) - 1;
        this.rebias = (127 - format.bias()) << m;
        this.minNormalBits = fast ? Float.floatToRawIntBits(Math.scalb(1.0f, emin)) : 0;
        this.maxMagnitude = format.maxFiniteCode();
        this.signBit = format.signMask();
        this.negativeZero = format.hasNegativeZero();
        this.magic = fast ? Math.scalb(1.0f, emin - m + 23) : 0f;
        this.magicBits = Float.floatToRawIntBits(magic);
        this.subnormalScale = Math.scalb(1.0, m - emin);
        this.srBits = spec.srBits();
        this.srSubnormalScale = Math.scalb(1.0, m - emin + srBits);
        // Taken from the generic converter, so the fast path cannot disagree on special values.
        this.overflowPositive = slow(0x7F80_0000, 0);
        this.overflowNegative = slow(0xFF80_0000, 0);
        this.nanPositive = slow(0x7FC0_0000, 0);
        this.nanNegative = slow(0xFFC0_0000, 0);
    }

    public QuantSpec spec() {
        return spec;
    }

    public FloatFormat format() {
        return format;
    }

    /**
     * Converts one FP32 value (raw bits) to a code. {@code random} is R in [0, 2^r) for SR and ignored
     * otherwise; it is not range-checked here (see {@link #quantizeChecked}).
     */
    public int quantize(int f32Bits, int random) {
        if (!fast) {
            return slow(f32Bits, random);
        }
        int abs = f32Bits & 0x7FFF_FFFF;
        int magnitude = switch (spec.rounding()) {
            case RNE -> rneMagnitude(abs);
            case RZ -> rzMagnitude(abs);
            case SR -> srMagnitude(abs, random);
        };
        return finish(f32Bits, abs, magnitude);
    }

    // The fast path is branch-free on purpose: a gradient tensor mixes normal, subnormal and
    // out-of-range values unpredictably, so both candidates are computed and one is selected with an
    // all-ones/all-zeros mask (C2 keeps biased ternaries as branches, which mispredict here). Each
    // candidate is garbage outside its range and is never selected there.

    /** All ones when {@code a < b}, else zero (for a, b in [0, 2^31)). */
    private static int lessThan(int a, int b) {
        return (a - b) >> 31;
    }

    private static int select(int mask, int ifSet, int ifClear) {
        return (ifSet & mask) | (ifClear & ~mask);
    }

    /** RNE magnitude code: FP32 bit rounding for normal results, the magic-number add for subnormal ones. */
    private int rneMagnitude(int abs) {
        int normal = ((abs + rneBias + ((abs >>> shift) & 1)) >>> shift) - rebias;
        // float addition rounds to nearest-even on magic's grid, which is the format's subnormal grid
        int subnormal = Float.floatToRawIntBits(Float.intBitsToFloat(abs) + magic) - magicBits;
        return select(lessThan(abs, minNormalBits), subnormal, normal);
    }

    private int rzMagnitude(int abs) {
        int normal = (abs >>> shift) - rebias;
        int subnormal = (int) (Float.intBitsToFloat(abs) * subnormalScale);
        return select(lessThan(abs, minNormalBits), subnormal, normal);
    }

    /** SR magnitude code: add R just below the kept LSB, then truncate (the hardware SR adder). */
    private int srMagnitude(int abs, int random) {
        int normal = (int) ((((long) abs << srBits) + ((long) random << shift)) >>> (shift + srBits)) - rebias;
        int subnormal = (int) (((long) (Float.intBitsToFloat(abs) * srSubnormalScale) + random) >>> srBits);
        return select(lessThan(abs, minNormalBits), subnormal, normal);
    }

    /** Sign, signed zero, the range check after rounding, and NaN inputs, all by masks. */
    private int finish(int f32Bits, int abs, int magnitude) {
        int negative = f32Bits >> 31;                       // all ones for a negative input
        int code = magnitude | (negative & signBit);
        if (!negativeZero) {
            code &= (magnitude | -magnitude) >> 31;         // FNUZ: a zero result is +0
        }
        code = select(lessThan(maxMagnitude, magnitude), select(negative, overflowNegative, overflowPositive), code);
        return select(lessThan(0x7F80_0000, abs), select(negative, nanNegative, nanPositive), code);
    }

    /** Like {@link #quantize} but also returns {@link FpFlags}, packed as {@link Converter} does (generic path). */
    public long quantizeWithFlags(int f32Bits, int random) {
        return Converter.f32ToFormat(format, spec.nanPolicy(), spec.rounding(), spec.overflow(), srBits, random, f32Bits);
    }

    /** {@link #quantize} with R checked against [0, 2^r) for SR. */
    public int quantizeChecked(int f32Bits, int random) {
        if (spec.rounding() == Rounding.SR && (random < 0 || (srBits < 31 && random >= 1 << srBits))) {
            throw new IllegalArgumentException("random value " + random + " is outside [0, 2^" + srBits + ")");
        }
        return quantize(f32Bits, random);
    }

    /**
     * Converts {@code len} floats to 8-bit codes with RNE or RZ. For SR use a
     * {@code StochasticRounder}, which owns the random source.
     */
    public void quantize(float[] src, int srcOffset, byte[] dst, int dstOffset, int len) {
        if (spec.rounding() == Rounding.SR) {
            throw new IllegalStateException("SR needs random bits: use a StochasticRounder");
        }
        if (format.totalBits() > 8) {
            throw new IllegalStateException(format.name() + " codes do not fit a byte");
        }
        if (!fast) {
            for (int i = 0; i < len; i++) {
                dst[dstOffset + i] = (byte) slow(Float.floatToRawIntBits(src[srcOffset + i]), 0);
            }
        } else if (spec.rounding() == Rounding.RNE) {
            for (int i = 0; i < len; i++) {
                int bits = Float.floatToRawIntBits(src[srcOffset + i]);
                int abs = bits & 0x7FFF_FFFF;
                dst[dstOffset + i] = (byte) finish(bits, abs, rneMagnitude(abs));
            }
        } else {
            for (int i = 0; i < len; i++) {
                int bits = Float.floatToRawIntBits(src[srcOffset + i]);
                int abs = bits & 0x7FFF_FFFF;
                dst[dstOffset + i] = (byte) finish(bits, abs, rzMagnitude(abs));
            }
        }
    }

    private int slow(int f32Bits, int random) {
        return Converter.code(Converter.f32ToFormat(format, spec.nanPolicy(), spec.rounding(), spec.overflow(),
                srBits, random, f32Bits));
    }
}
