package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;

/**
 * The one generic conversion of the datapath: FP32 (or any exact binary value) to any
 * {@link FloatFormat}, in the numbered steps of ARCHITECTURE.md section 2. Every other conversion
 * path (the fast paths in {@link Quantizer}, the 256-entry tables) is a cache of this one and is
 * tested equal to it.
 *
 * <p>Results are packed in a {@code long}: the code in the low 32 bits, {@link FpFlags} bits above
 * ({@link #code(long)}, {@link #flags(long)}), so the hot path allocates nothing and has no hidden state.
 */
public final class Converter {

    /** The weight 1/2 in a 64-bit discarded-fraction word (bit 63). */
    private static final long HALF = 1L << 63;

    private Converter() {
    }

    /** The code of a packed result. */
    public static int code(long result) {
        return (int) result;
    }

    /** The {@link FpFlags} bits of a packed result. */
    public static int flags(long result) {
        return (int) (result >>> 32);
    }

    private static long pack(int code, int flags) {
        return (code & 0xFFFF_FFFFL) | ((long) flags << 32);
    }

    /**
     * Converts the FP32 value with raw bits {@code f32Bits} as {@code spec} says (its format, NaN policy,
     * rounding, overflow and, for SR, its r random bits). Build the spec once, outside a loop over elements:
     * this reads its fields and allocates nothing.
     *
     * @param random R, the random integer in [0, 2^r) for SR (ignored otherwise; the caller guarantees the range)
     * @return the code and flags, packed (see {@link #code(long)}, {@link #flags(long)})
     */
    public static long f32ToFormat(QuantSpec spec, int random, int f32Bits) {
        FloatFormat format = spec.format();
        NanPolicy nanPolicy = spec.nanPolicy();
        boolean negative = f32Bits < 0;
        int field = (f32Bits >>> 23) & 0xFF;
        int frac = f32Bits & 0x7F_FFFF;
        // 1. NaN -> NaN under the configured policy; a signaling NaN (quiet bit 22 clear) is invalid.
        // A finite-only format (e2m1, e2m3, e3m2) has no NaN: +0, always invalid.
        if (field == 0xFF && frac != 0) {
            int flags = (frac & 0x40_0000) == 0 || !format.hasNaN() ? FpFlags.INVALID : 0;
            return pack(format.nanCode(nanPolicy, negative), flags);
        }
        // 3 (for infinite inputs). +-Inf follows the range rule: saturate, Inf, or NaN without Inf.
        if (field == 0xFF) {
            return overflowResult(format, nanPolicy, spec.overflow(), negative, 0);
        }
        // 4 (for zero inputs). Zero keeps its sign (FNUZ has only +0).
        if (field == 0 && frac == 0) {
            return pack(signedZero(format, negative), 0);
        }
        long sig = field == 0 ? frac : frac | 0x80_0000;
        int exp2 = field == 0 ? -149 : field - 150;
        return roundPack(spec, random, negative, sig, exp2);
    }

    /**
     * Rounds the exact non-zero value {@code (-1)^negative * sig * 2^exp2} (sig in [1, 2^62]) to
     * {@code format}: steps 2 to 4 of ARCHITECTURE.md section 2. All conversions leave through here,
     * as in SoftFloat's {@code roundPack}: only the rounding increment differs between modes.
     *
     * @param spec   the target format, NaN policy, rounding, overflow and SR's r
     * @param random R for SR, as in {@link #f32ToFormat}
     */
    public static long roundPack(QuantSpec spec, int random, boolean negative, long sig, int exp2) {
        FloatFormat format = spec.format();
        int srBits = spec.srBits();
        int m = format.manBits();
        int emin = format.minExponent();
        // 2. Grid spacing q = 2^(max(floor(log2|x|), emin) - m), no upper exponent limit.
        int log2 = exp2 + 63 - Long.numberOfLeadingZeros(sig);
        int exponent = Math.max(log2, emin);
        int shift = (exponent - m) - exp2;       // low bits of sig below the grid
        long n;                                  // floor(|x| / q)
        long frac;                               // the discarded fraction f, as a 64-bit word (bit 63 = 1/2), sticky-jammed
        if (shift <= 0) {
            n = sig << -shift;
            frac = 0;
        } else if (shift < 64) {
            n = sig >>> shift;
            frac = sig << (64 - shift);
        } else if (shift < 127) {
            n = 0;
            int down = shift - 64;
            frac = (sig >>> down) | ((sig & ((1L << down) - 1)) != 0 ? 1 : 0);
        } else {
            n = 0;
            frac = 1;                            // far below the grid: non-zero, under any 1/2^r
        }
        boolean up = switch (spec.rounding()) {
            case RNE -> Long.compareUnsigned(frac, HALF) > 0 || (frac == HALF && (n & 1) != 0);
            case RZ -> false;
            // F = the top r discarded bits; up iff F + R >= 2^r (exact values, F = 0 and frac = 0, never move
            // because R < 2^r).
            case SR -> (frac >>> (64 - srBits)) + random >= (1L << srBits);
        };
        int flags = frac != 0 ? FpFlags.INEXACT : 0;
        if (flags != 0 && log2 < emin) {
            flags |= FpFlags.UNDERFLOW;
        }
        n += up ? 1 : 0;
        // 3. Range check after rounding. Codes are monotonic in magnitude, and (exponent - emin) << m plus
        // n (which holds the hidden bit) is the magnitude code, carries into the next binade included.
        long magnitude = ((long) (exponent - emin) << m) + n;
        if (magnitude > format.maxFiniteCode()) {
            return overflowResult(format, spec.nanPolicy(), spec.overflow(), negative,
                    FpFlags.OVERFLOW | FpFlags.INEXACT);
        }
        // 4. A zero result keeps the sign of x (FNUZ: +0). No flush-to-zero.
        if (magnitude == 0) {
            return pack(signedZero(format, negative), flags);
        }
        return pack((int) magnitude | (negative ? format.signMask() : 0), flags);
    }

    private static long overflowResult(FloatFormat format, NanPolicy nanPolicy, Overflow overflow, boolean negative,
                                       int flags) {
        int sign = negative ? format.signMask() : 0;
        if (overflow == Overflow.SATURATE || !format.hasNaN()) {
            // a finite-only format saturates under either mode;
            // max finite is not the input's value, for an infinite input too: inexact (FpFlags' definition)
            return pack(format.maxFiniteCode() | sign, flags | FpFlags.SATURATED | FpFlags.INEXACT);
        }
        if (format.hasInfinity()) {
            return pack(format.infinityCode() | sign, flags);
        }
        // An infinite input becoming NaN is invalid; a finite overflow is already flagged as overflow.
        int invalid = (flags & FpFlags.OVERFLOW) == 0 ? FpFlags.INVALID : 0;
        return pack(format.nanCode(nanPolicy, negative), flags | invalid);
    }

    private static int signedZero(FloatFormat format, boolean negative) {
        return negative && format.hasNegativeZero() ? format.signMask() : 0;
    }
}
