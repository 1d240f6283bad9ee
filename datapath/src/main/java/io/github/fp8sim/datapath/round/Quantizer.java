package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * A conversion unit executing one {@link QuantSpec}: FP32 in, codes out. Its per-element path is a
 * bit-trick cache of {@link Converter#f32ToFormat} for the common cases (normal and subnormal results
 * of any format with at most 22 mantissa bits and a min normal inside FP32's normal range) and falls
 * back to the generic converter for NaN, Inf, overflow and everything else. For 8-bit codes the
 * per-element path and the array methods use {@link QuantizeKernels} instead: branch-free arithmetic
 * that C2 auto-vectorises over arrays (several times faster), with special values by min/max. Both are
 * tested equal to the generic converter; neither has state (the array methods use per-thread
 * scratch), so one instance may be shared by threads.
 */
public final class Quantizer {

    /** Shorter arrays go element by element: the kernels run four loops per block. */
    private static final int MIN_KERNEL_LENGTH = 32;

    private final QuantSpec spec;
    private final FloatFormat format;
    private final boolean fast;
    // FP32 to FP32: every finite value is on the grid and in range, so its code is its own bits
    private final boolean identity;
    private final int shift;          // 23 - m: FP32 mantissa bits dropped for a normal result
    private final int rneBias;        // added before truncation for RNE (plus the kept LSB): 2^(shift-1) - 1,
                                      // or 2^(shift-1) when m = 0 (the kept LSB is then the hidden bit, always 1)
    private final int lsbMask;        // 1, or 0 when m = 0
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
    private final QuantizeKernels kernels; // 8-bit codes: the vectorisable kernels, or null (see QuantizeKernels.create)

    public Quantizer(QuantSpec spec) {
        this.spec = spec;
        this.format = spec.format();
        int m = format.manBits();
        int emin = format.minExponent();
        this.fast = m <= 22 && emin >= -126;
        this.identity = format.expBits() == 8 && m == 23 && format.bias() == 127 && format.specials() == FloatFormat.FP32.specials();
        this.shift = 23 - m;
        this.rneBias = (1 << (shift - 1)) - (m == 0 ? 0 : 1);
        this.lsbMask = m == 0 ? 0 : 1;
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
        this.kernels = fast ? QuantizeKernels.create(spec, overflowPositive, overflowNegative, nanPositive, nanNegative) : null;
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
        if (kernels != null) {
            return kernels.quantizeOne(f32Bits, random);
        }
        if (!fast) {
            // FP32 accumulators stored as FP32 (the compiler's FP32 outputs): finite values pass unchanged
            return identity && (f32Bits & 0x7F80_0000) != 0x7F80_0000 ? f32Bits : slow(f32Bits, random);
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
        // For m = 0 the kept LSB is the hidden bit: lsbMask = 0 and rneBias one larger round ties up.
        int normal = ((abs + rneBias + ((abs >>> shift) & lsbMask)) >>> shift) - rebias;
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
        return Converter.f32ToFormat(spec, random, f32Bits);
    }

    /** {@link #quantize} with R checked against [0, 2^r) for SR. */
    public int quantizeChecked(int f32Bits, int random) {
        if (spec.rounding() == Rounding.SR && (random < 0 || (srBits < 31 && random >= 1 << srBits))) {
            throw new IllegalArgumentException("random value " + random + " is outside [0, 2^" + srBits + ")");
        }
        return quantize(f32Bits, random);
    }

    /**
     * Converts {@code len} floats to 8-bit codes with RNE or RZ: {@code dst[dstOffset + i]} is the code of
     * {@code src[srcOffset + i]}, equal to {@link #quantize(int, int)} of its raw bits. For SR use a
     * {@code StochasticRounder}, which owns the random source, or
     * {@link #quantize(float[], int, int[], int, byte[], int, int)} with the random values drawn.
     *
     * <p>For 8-bit formats this runs auto-vectorised block kernels with per-thread scratch (32 KiB per
     * thread, allocated once); the instance stays immutable and thread-safe.
     *
     * @throws IllegalStateException if the spec is SR or the format's codes do not fit a byte
     * @throws ArrayIndexOutOfBoundsException if a range is outside its array or len is negative
     */
    public void quantize(float[] src, int srcOffset, byte[] dst, int dstOffset, int len) {
        if (spec.rounding() == Rounding.SR) {
            throw new IllegalStateException("SR needs random bits: use a StochasticRounder");
        }
        checkByteCodes();
        checkRange(src.length, srcOffset, len);
        checkRange(dst.length, dstOffset, len);
        if (kernels != null && len >= MIN_KERNEL_LENGTH) {
            kernels.quantize(src, srcOffset, dst, dstOffset, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[dstOffset + i] = (byte) quantize(Float.floatToRawIntBits(src[srcOffset + i]), 0);
        }
    }

    /**
     * Converts {@code len} floats to 8-bit codes with SR, one random value per element:
     * {@code dst[dstOffset + i]} is {@link #quantize(int, int)} of the raw bits of {@code src[srcOffset + i]}
     * with R = {@code random[randomOffset + i]}. The caller draws R in the contract's order (see
     * {@code StochasticRounder}); this is the SR unit's datapath only, vectorised like the RNE/RZ path.
     *
     * @throws IllegalStateException if the spec is not SR or the format's codes do not fit a byte
     * @throws IllegalArgumentException if a random value is outside [0, 2^r) (codes before it may have been written)
     * @throws ArrayIndexOutOfBoundsException if a range is outside its array or len is negative
     */
    public void quantize(float[] src, int srcOffset, int[] random, int randomOffset, byte[] dst, int dstOffset,
                         int len) {
        if (spec.rounding() != Rounding.SR) {
            throw new IllegalStateException("random values are for SR, this quantizer rounds " + spec.rounding().cliName());
        }
        checkByteCodes();
        checkRange(src.length, srcOffset, len);
        checkRange(random.length, randomOffset, len);
        checkRange(dst.length, dstOffset, len);
        if (kernels != null && len >= MIN_KERNEL_LENGTH) {
            kernels.quantizeSr(src, srcOffset, random, randomOffset, dst, dstOffset, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[dstOffset + i] = (byte) quantizeChecked(Float.floatToRawIntBits(src[srcOffset + i]), random[randomOffset + i]);
        }
    }

    private void checkByteCodes() {
        if (format.totalBits() > 8) {
            throw new IllegalStateException(format.name() + " codes do not fit a byte");
        }
    }

    private static void checkRange(int arrayLength, int offset, int len) {
        if (offset < 0 || len < 0 || offset > arrayLength - len) {
            throw new ArrayIndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + len
                    + ") is outside an array of length " + arrayLength);
        }
    }

    private int slow(int f32Bits, int random) {
        return Converter.code(Converter.f32ToFormat(spec, random, f32Bits));
    }
}
