package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * Array kernels of one {@link Quantizer}: FP32 to 8-bit codes, written so that C2's SuperWord
 * auto-vectorises them (no Vector API). Immutable and shared like its quantizer; the scratch blocks
 * are per thread, so concurrent calls are safe.
 *
 * <p>What C2 (JDK 21 to 25) vectorises, measured, and what shapes the code here:
 * <ul>
 *   <li>{@code Float.floatToRawIntBits} does not vectorise, so each block's raw bits are first
 *       copied into an {@code int[]} by a plain scalar loop (cheap: a load and a store per element);
 *   <li>variable shifts ({@code x >>> s} with s per element) do not vectorise, so subnormal
 *       results are not shifted into place but computed in float arithmetic, which is exact here,
 *       and converted with {@code (int)} (a vectorised conversion);
 *   <li>{@code (byte) intExpression} stores of shifted or masked ints do not vectorise, but
 *       {@code (byte) (int) floatValue} does; so the code (an integer below 2^8, exact as a float)
 *       is stored as {@code (byte) (int) (float) code};
 *   <li>{@code Math.min}/{@code Math.max} on ints and floats and masks built with {@code >> 31}
 *       vectorise; data-dependent branches and ternaries do not (a loop-invariant branch is fine:
 *       C2 unswitches the loop).
 * </ul>
 * Each pass is a simple counted loop over one block, so the scratch stays in L1 or L2.
 *
 * <p>The kernels are a cache of {@link Converter#f32ToFormat} and are tested equal to it for every
 * input; {@link #create} returns null for the (exotic) specs whose constants the tricks below do not
 * cover, and those use the per-element path.
 */
final class QuantizeKernels {

    /**
     * Elements per block: 4096 amortises each loop's scalar pre- and post-iterations better than 1024,
     * and the working set (source block plus scratch) still sits in L1/L2.
     */
    static final int BLOCK = 4096;

    /**
     * Per-thread scratch: the raw bits and the subnormal candidates of one block (2 x 16 KiB, kept for
     * the thread's life). Per thread rather than per call: allocating (and zeroing) 32 KiB per call cost
     * ~30% for block-sized calls. Nothing runs between get() and the end of a call that could re-enter,
     * so a thread never uses its scratch twice at once; instances stay immutable and shareable.
     */
    private static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[2][BLOCK]);

    private final Rounding rounding;
    private final int shift;          // 23 - m: FP32 mantissa bits dropped for a normal result
    private final int rneRound;       // added before truncation for RNE: 2^(shift-1) - 1, or 2^(shift-1) when m = 0
    private final int lsbMask;        // 1, or 0 when m = 0 (the kept LSB is then the hidden bit, always 1)
    private final int rebias;         // (127 - bias) << m: FP32 exponent field to the format's
    private final float minNormal;    // 2^emin
    private final float scale;        // 2^(m - emin): |x| in subnormal quanta
    private final float srScale;      // 2^(m - emin + r)
    private final int srBits;         // r
    private final int srLeft;         // (R << srLeft) >>> srRight is R aligned just below the kept LSB, truncated
    private final int srRight;
    private final int satMag;         // the magnitude of an overflow (max finite, Inf, or the NaN of a format without Inf)
    private final int nanMag;         // the magnitude of the NaN code, >= satMag
    private final int signBit;
    private final int dropMag;        // a result magnitude that never carries the sign (see create), or -1

    private QuantizeKernels(Rounding rounding, FloatFormat format, int srBits, int satMag, int nanMag, int dropMag) {
        int m = format.manBits();
        int emin = format.minExponent();
        this.rounding = rounding;
        this.shift = 23 - m;
        this.rneRound = (1 << (shift - 1)) - (m == 0 ? 0 : 1);
        this.lsbMask = m == 0 ? 0 : 1;
        this.rebias = (127 - format.bias()) << m;
        this.minNormal = Math.scalb(1.0f, emin);
        this.scale = Math.scalb(1.0f, m - emin);
        this.srScale = Math.scalb(1.0f, m - emin + srBits);
        this.srBits = srBits;
        this.srLeft = Math.max(shift - srBits, 0);
        this.srRight = Math.max(srBits - shift, 0);
        this.satMag = satMag;
        this.nanMag = nanMag;
        this.signBit = format.signMask();
        this.dropMag = dropMag;
    }

    /**
     * The kernels for {@code spec}, or null when they do not apply: codes wider than 8 bits, formats
     * outside the quantizer's fast path, or constants the tricks below do not cover (custom biases
     * near 127, SR with m + r > 30).
     *
     * @param overflowPositive the code of +Inf (the overflow code), from the generic converter
     * @param nanPositive the code of a positive NaN input, and nanNegative of a negative one
     */
    static QuantizeKernels create(QuantSpec spec, int overflowPositive, int overflowNegative,
                                  int nanPositive, int nanNegative) {
        FloatFormat format = spec.format();
        int m = format.manBits();
        int emin = format.minExponent();
        int rebias = (127 - format.bias()) << m;
        if (format.totalBits() > 8 || emin < -126
                // m = 0 rounds ties up (the hidden bit is the kept LSB), which would let the normal
                // candidate exceed the subnormal one for FP32 subnormal inputs when rebias = 0.
                || (m == 0 && rebias == 0)
                // 2^(m - emin) must be a finite float for the subnormal path.
                || m - emin > 127
                || (spec.rounding() == Rounding.SR && (m + spec.srBits() > 30 || m - emin + spec.srBits() > 127))) {
            return null;
        }
        int signBit = format.signMask();
        // Special codes as magnitude plus sign: the generic converter's codes must be reproduced by
        // "min(mag, satMag), max with nanMag for NaN, then OR the sign unless mag == dropMag".
        int satMag = overflowPositive;
        int nanMag = nanPositive;
        int dropMag;
        if (!format.hasNegativeZero()) {
            dropMag = 0;                    // FNUZ: a zero result is +0 (its NaN 0x80 already has the sign bit)
        } else if (nanNegative == nanPositive) {
            dropMag = nanMag;               // canonical NaN: the sign is dropped
        } else {
            dropMag = -1;                   // never equal to a magnitude (all are >= 0)
        }
        // Checked rather than assumed, so a new kind of special-value policy falls back instead of breaking.
        // A dropped magnitude must be FNUZ's zero or above every finite one (a NaN), or finite results lose
        // their sign.
        boolean consistent = satMag >= format.maxFiniteCode() && nanMag >= satMag && nanMag <= signBit
                && (dropMag < 0 || (dropMag == 0 ? !format.hasNegativeZero() : dropMag > format.maxFiniteCode()))
                && withSign(satMag, signBit, dropMag) == overflowNegative
                && withSign(nanMag, signBit, dropMag) == nanNegative;
        return consistent ? new QuantizeKernels(spec.rounding(), format, spec.srBits(), satMag, nanMag, dropMag) : null;
    }

    private static int withSign(int mag, int signBit, int dropMag) {
        return mag == dropMag ? mag : mag | signBit;
    }

    /** RNE or RZ: {@code len} floats from {@code src[srcOffset]} to codes at {@code dst[dstOffset]}. */
    void quantize(float[] src, int srcOffset, byte[] dst, int dstOffset, int len) {
        int[][] scratch = SCRATCH.get();
        int[] bits = scratch[0];
        int[] sub = scratch[1];
        for (int done = 0; done < len; done += BLOCK) {
            int n = Math.min(BLOCK, len - done);
            rawBits(src, srcOffset + done, bits, n);
            if (rounding == Rounding.RNE) {
                subnormalRne(src, srcOffset + done, sub, n);
                normalRne(bits, sub, dst, dstOffset + done, n);
            } else {
                subnormalRz(src, srcOffset + done, sub, n);
                normalRz(bits, sub, dst, dstOffset + done, n);
            }
        }
    }

    /**
     * SR with one R per element, {@code random[randomOffset + i]} for element i.
     *
     * @throws IllegalArgumentException if an R is outside [0, 2^r); earlier blocks are then already written
     */
    void quantizeSr(float[] src, int srcOffset, int[] random, int randomOffset, byte[] dst, int dstOffset, int len) {
        int[][] scratch = SCRATCH.get();
        int[] bits = scratch[0];
        int[] sub = scratch[1];
        for (int done = 0; done < len; done += BLOCK) {
            int n = Math.min(BLOCK, len - done);
            if (rawBitsOrRandom(src, srcOffset + done, bits, random, randomOffset + done, n) >>> srBits != 0) {
                throw outOfRange(random, randomOffset + done, n);
            }
            subnormalSr(src, srcOffset + done, random, randomOffset + done, sub, n);
            normalSr(bits, random, randomOffset + done, sub, dst, dstOffset + done, n);
        }
    }

    /** The scalar pass: C2 does not vectorise floatToRawIntBits, but this loop is only a load and a store. */
    private static void rawBits(float[] src, int srcOffset, int[] bits, int n) {
        for (int i = 0; i < n; i++) {
            bits[i] = Float.floatToRawIntBits(src[srcOffset + i]);
        }
    }

    /**
     * {@link #rawBits}, also OR-ing the block's R values: the result has a bit at or above r set iff an R is
     * outside [0, 2^r) (a negative R has bit 31 set). The check rides on this scalar pass because as a loop of
     * its own, or inside a vectorised one, it cost more.
     */
    private static int rawBitsOrRandom(float[] src, int srcOffset, int[] bits, int[] random, int randomOffset, int n) {
        int any = 0;
        for (int i = 0; i < n; i++) {
            bits[i] = Float.floatToRawIntBits(src[srcOffset + i]);
            any |= random[randomOffset + i];
        }
        return any;
    }

    private IllegalArgumentException outOfRange(int[] random, int randomOffset, int n) {
        for (int i = 0; i < n; i++) {
            int r = random[randomOffset + i];
            if (r >>> srBits != 0) {
                return new IllegalArgumentException("random value " + r + " is outside [0, 2^" + srBits + ")");
            }
        }
        throw new AssertionError("no random value is out of range");
    }

    // Subnormal candidates, in float arithmetic. y = min(|x|, 2^emin) * 2^(m - emin) is |x| in subnormal quanta,
    // capped at 2^m (the min normal code), and exact: a power-of-two scaling up (or by 1/2 when emin = 1, where
    // only results far below 1/2 can be inexact, and those round to 0 either way). The cap happens in float,
    // before the conversion: an (int) conversion that overflows takes a slow fix-up path in C2's vector code,
    // a mispredicted branch for inputs that overflow the format. With the cap, every |x| >= min normal gives
    // exactly 2^m, which never exceeds the normal candidate there (see normalRne), and the conversions stay in
    // range (NaN gives 0 and is replaced later).

    /** RNE: y < 2^23, so y + 2^23 rounds y to an integer with the FPU's round-to-nearest-even; subtracting 2^23 is exact. */
    private void subnormalRne(float[] src, int srcOffset, int[] sub, int n) {
        float minNormal = this.minNormal;
        float scale = this.scale;
        for (int i = 0; i < n; i++) {
            sub[i] = (int) ((Math.min(Math.abs(src[srcOffset + i]), minNormal) * scale + 0x1p23f) - 0x1p23f);
        }
    }

    /** RZ: (int) truncates, which is floor for y >= 0. */
    private void subnormalRz(float[] src, int srcOffset, int[] sub, int n) {
        float minNormal = this.minNormal;
        float scale = this.scale;
        for (int i = 0; i < n; i++) {
            sub[i] = (int) (Math.min(Math.abs(src[srcOffset + i]), minNormal) * scale);
        }
    }

    /**
     * SR: z = floor(y * 2^r) holds n and F (the top r discarded bits) as n * 2^r + F, and n rounds up iff
     * F + R >= 2^r, so the result is (z + R) >>> r. z <= 2^(m + r) <= 2^30 and R < 2^r, so z + R does not
     * overflow; at the cap z = 2^(m + r) and the result is exactly 2^m.
     */
    private void subnormalSr(float[] src, int srcOffset, int[] random, int randomOffset, int[] sub, int n) {
        float minNormal = this.minNormal;
        float srScale = this.srScale;
        int r = srBits;
        for (int i = 0; i < n; i++) {
            sub[i] = ((int) (Math.min(Math.abs(src[srcOffset + i]), minNormal) * srScale) + random[randomOffset + i]) >>> r;
        }
    }

    // Normal candidates on the FP32 bits, and the result: the rounded magnitude is
    // max(normal, sub) where normal is the bit-trick rounding of |x| to m mantissa bits ((E << m | n) - rebias,
    // carries into the exponent included) and sub the capped subnormal candidate. Why max selects the right one:
    // - |x| >= min normal: normal >= 2^m (monotonic rounding from min normal's code 2^m) and sub == 2^m;
    // - |x| in [min normal / 2, min normal): normal = round(f * 2^m) and sub = round((1 + f) * 2^(m-1)) for
    //   |x| = (1 + f) 2^(emin-1), the same rounding on the same integer grid of a value that is not smaller
    //   (they differ by (1 - f) 2^(m-1) >= 0), so normal <= sub;
    // - below: normal <= 0 <= sub, and for FP32 subnormal inputs with rebias = 0 both compute the same value.
    // Then the range check min(mag, satMag) (overflow to max finite, Inf or NaN by magnitude, as codes are
    // monotonic in magnitude), NaN inputs (abs > 0x7F800000) raised to nanMag (>= satMag) with a max, and the
    // sign OR-ed in, then cleared again when the magnitude is dropMag (FNUZ zero, canonical NaN): the mask
    // ~signBit | (mag != dropMag ? -1 : 0), with (x | -x) >> 31 = -1 iff x != 0. For NaN abs + rneRound may wrap,
    // and Inf gives a huge normal candidate: both are replaced by these steps.

    private void normalRne(int[] bits, int[] sub, byte[] dst, int dstOffset, int n) {
        int shift = this.shift;
        int rneRound = this.rneRound;
        int lsbMask = this.lsbMask;
        int rebias = this.rebias;
        int satMag = this.satMag;
        int nanMag = this.nanMag;
        int signBit = this.signBit;
        int dropMag = this.dropMag;
        boolean dropSign = dropMag >= 0;
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            int abs = b & 0x7FFF_FFFF;
            // RNE on the bits: add just under half an LSB, plus the kept LSB (ties go to even)
            int normal = ((abs + rneRound + ((abs >>> shift) & lsbMask)) >>> shift) - rebias;
            int mag = Math.min(Math.max(normal, sub[i]), satMag);
            mag = Math.max(mag, ((0x7F80_0000 - abs) >> 31) & nanMag);
            int code = mag | ((b >> 31) & signBit);
            // dropSign is loop-invariant: C2 unswitches the loop into two branch-free copies, both vectorised,
            // and the common one (ml_dtypes NaNs, formats with -0) skips the mask (measured ~10% faster).
            if (dropSign) {
                int notDrop = mag ^ dropMag;
                code &= ~signBit | ((notDrop | -notDrop) >> 31);
            }
            // (int) (float) is exact for codes < 2^24 and lets C2 vectorise the narrowing store
            dst[dstOffset + i] = (byte) (int) (float) code;
        }
    }

    private void normalRz(int[] bits, int[] sub, byte[] dst, int dstOffset, int n) {
        int shift = this.shift;
        int rebias = this.rebias;
        int satMag = this.satMag;
        int nanMag = this.nanMag;
        int signBit = this.signBit;
        int dropMag = this.dropMag;
        boolean dropSign = dropMag >= 0;
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            int abs = b & 0x7FFF_FFFF;
            int normal = (abs >>> shift) - rebias;
            int mag = Math.min(Math.max(normal, sub[i]), satMag);
            mag = Math.max(mag, ((0x7F80_0000 - abs) >> 31) & nanMag);
            int code = mag | ((b >> 31) & signBit);
            if (dropSign) {
                int notDrop = mag ^ dropMag;
                code &= ~signBit | ((notDrop | -notDrop) >> 31);
            }
            dst[dstOffset + i] = (byte) (int) (float) code;
        }
    }

    /**
     * SR normal candidate, the hardware SR adder on the bits. With D = shift discarded bits d:
     * when D >= r, F = floor(d / 2^(D - r)) and F + R >= 2^r iff d + R * 2^(D - r) >= 2^D, so add inc = R << (D - r);
     * when r > D, F = d * 2^(r - D) and F + R >= 2^r iff R >= (2^D - d) * 2^(r - D) iff floor(R / 2^(r - D)) >= 2^D - d,
     * so add inc = R >>> (r - D). Then truncate. inc < 2^D, so abs + inc overflows only for NaN.
     */
    private void normalSr(int[] bits, int[] random, int randomOffset, int[] sub, byte[] dst, int dstOffset, int n) {
        int shift = this.shift;
        int srLeft = this.srLeft;
        int srRight = this.srRight;
        int rebias = this.rebias;
        int satMag = this.satMag;
        int nanMag = this.nanMag;
        int signBit = this.signBit;
        int dropMag = this.dropMag;
        boolean dropSign = dropMag >= 0;
        for (int i = 0; i < n; i++) {
            int b = bits[i];
            int abs = b & 0x7FFF_FFFF;
            int inc = (random[randomOffset + i] << srLeft) >>> srRight;   // one shift is 0
            int normal = ((abs + inc) >>> shift) - rebias;
            int mag = Math.min(Math.max(normal, sub[i]), satMag);
            mag = Math.max(mag, ((0x7F80_0000 - abs) >> 31) & nanMag);
            int code = mag | ((b >> 31) & signBit);
            if (dropSign) {
                int notDrop = mag ^ dropMag;
                code &= ~signBit | ((notDrop | -notDrop) >> 31);
            }
            dst[dstOffset + i] = (byte) (int) (float) code;
        }
    }

    /**
     * One element, by the same arithmetic as the array kernels, for per-element callers (the SR unit
     * draws its R one at a time): cheaper than the quantizer's select-based path, whose SR candidates
     * need 64-bit shifts and a double product.
     */
    int quantizeOne(int f32Bits, int random) {
        int abs = f32Bits & 0x7FFF_FFFF;
        float a = Math.min(Float.intBitsToFloat(abs), minNormal);   // the kernels' cap; NaN stays NaN, converts to 0
        int normal;
        int sub;
        switch (rounding) {
            case RNE -> {
                normal = ((abs + rneRound + ((abs >>> shift) & lsbMask)) >>> shift) - rebias;
                sub = (int) ((a * scale + 0x1p23f) - 0x1p23f);
            }
            case RZ -> {
                normal = (abs >>> shift) - rebias;
                sub = (int) (a * scale);
            }
            default -> {
                normal = ((abs + ((random << srLeft) >>> srRight)) >>> shift) - rebias;
                sub = ((int) (a * srScale) + random) >>> srBits;
            }
        }
        int mag = Math.min(Math.max(normal, sub), satMag);
        mag = Math.max(mag, ((0x7F80_0000 - abs) >> 31) & nanMag);
        int code = mag | ((f32Bits >> 31) & signBit);
        if (dropMag >= 0) {
            int notDrop = mag ^ dropMag;
            code &= ~signBit | ((notDrop | -notDrop) >> 31);
        }
        return code;
    }
}
