package io.github.fp8sim.datapath.format;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A binary floating-point format: sign bit, {@code expBits} exponent bits, {@code manBits} mantissa
 * bits, an exponent bias and a special-value policy. Every limit (max finite, min subnormal, NaN and
 * Inf codes) is computed from those four numbers, never typed per format, so a new format is one line.
 *
 * <p>Codes are the format's bit patterns right-aligned in an {@code int} (sign at bit
 * {@code expBits + manBits}). Every value of every format accepted here is exactly representable in
 * FP32, which lets {@link #decodeToF32Bits} be exact; the constructor enforces that.
 *
 * <p>Names: the built-ins ({@link #builtIns()}) and {@code eXmY[bN][fn|fnuz]}, e.g. {@code e3m4},
 * {@code e4m3b11fnuz}. A built-in name wins: {@code e4m3} is OCP E4M3 ("fn" specials) and {@code e2m1},
 * {@code e2m3}, {@code e3m2} are the OCP MX FP4/FP6 formats (no Inf, no NaN), while other
 * {@code eXmY} names without a suffix have IEEE-like specials. Source for the 8-bit formats: OCP 8-bit
 * Floating Point Specification (OFP8) rev 1.0, tables 1-3; for FP4/FP6, OCP Microscaling Formats (MX)
 * v1.0, section 5.3.
 */
public record FloatFormat(String name, int expBits, int manBits, int bias, Specials specials) {

    /** OCP E5M2: IEEE-like, bias 15, max 57344, min subnormal 2^-16. */
    public static final FloatFormat E5M2 = new FloatFormat("e5m2", 5, 2, 15, Specials.IEEE);
    /** OCP E4M3 ("fn"): bias 7, no Inf, NaN S.1111.111 only, max 448, min subnormal 2^-9. */
    public static final FloatFormat E4M3 = new FloatFormat("e4m3", 4, 3, 7, Specials.FN);
    /** E5M2 "fnuz" (ml_dtypes, Graphcore/AMD): bias 16, no Inf, no -0, NaN 0x80 only. */
    public static final FloatFormat E5M2FNUZ = new FloatFormat("e5m2fnuz", 5, 2, 16, Specials.FNUZ);
    /** E4M3 "fnuz": bias 8, no Inf, no -0, NaN 0x80 only, max 240. */
    public static final FloatFormat E4M3FNUZ = new FloatFormat("e4m3fnuz", 4, 3, 8, Specials.FNUZ);
    /** OCP MX FP6 E3M2: bias 3, no Inf/NaN, max 28, min subnormal 2^-4 (OCP MX v1.0 section 5.3.2). */
    public static final FloatFormat E3M2 = new FloatFormat("e3m2", 3, 2, 3, Specials.FINITE);
    /** OCP MX FP6 E2M3: bias 1, no Inf/NaN, max 7.5, min subnormal 2^-3 (OCP MX v1.0 section 5.3.2). */
    public static final FloatFormat E2M3 = new FloatFormat("e2m3", 2, 3, 1, Specials.FINITE);
    /** OCP MX FP4 E2M1: bias 1, no Inf/NaN, max 6, min subnormal 0.5 (OCP MX v1.0 section 5.3.3). */
    public static final FloatFormat E2M1 = new FloatFormat("e2m1", 2, 1, 1, Specials.FINITE);
    /** IEEE 754 binary16. */
    public static final FloatFormat FP16 = new FloatFormat("fp16", 5, 10, 15, Specials.IEEE);
    /** bfloat16: the top half of binary32. */
    public static final FloatFormat BF16 = new FloatFormat("bf16", 8, 7, 127, Specials.IEEE);
    /** IEEE 754 binary32. */
    public static final FloatFormat FP32 = new FloatFormat("fp32", 8, 23, 127, Specials.IEEE);

    private static final List<FloatFormat> BUILT_INS = List.of(E5M2, E4M3, E5M2FNUZ, E4M3FNUZ, E3M2, E2M3, E2M1, FP16, BF16, FP32);

    private static final Pattern GENERIC = Pattern.compile("e(\\d+)m(\\d+)(?:b(\\d+))?(fnuz|fn)?");

    /** FP32's exponent limits: every format here must fit inside them (so decoding to FP32 is exact). */
    private static final int F32_EMAX = 127;
    private static final int F32_MIN_SUBNORMAL_EXP = -149;

    public FloatFormat {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("format name is empty");
        }
        if (expBits < 2 || expBits > 8) {
            throw new IllegalArgumentException(name + ": exponent bits must be 2..8, got " + expBits);
        }
        if (manBits < 0 || manBits > 23) {
            throw new IllegalArgumentException(name + ": mantissa bits must be 0..23, got " + manBits);
        }
        if (specials == null) {
            throw new IllegalArgumentException(name + ": special-value policy is missing");
        }
        if (specials == Specials.IEEE && manBits == 0) {
            throw new IllegalArgumentException(name + ": IEEE-like specials need a mantissa bit to encode NaN;"
                    + " use e" + expBits + "m0fn or e" + expBits + "m0fnuz");
        }
        int emin = 1 - bias;
        int topField = (1 << expBits) - (specials == Specials.IEEE || (specials == Specials.FN && manBits == 0) ? 2 : 1);
        int emax = topField - bias;
        if (emax > F32_EMAX || emin - manBits < F32_MIN_SUBNORMAL_EXP) {
            throw new IllegalArgumentException(name + ": bias " + bias + " puts values outside FP32's range"
                    + " (largest exponent " + emax + ", smallest subnormal 2^" + (emin - manBits) + ")");
        }
    }

    /** The built-in formats, 8-bit ones first. */
    public static List<FloatFormat> builtIns() {
        return BUILT_INS;
    }

    /** The built-in 8-bit formats (E5M2, E4M3, E5M2FNUZ, E4M3FNUZ). */
    public static List<FloatFormat> builtIn8Bit() {
        return BUILT_INS.stream().filter(f -> f.totalBits() == 8).toList();
    }

    /**
     * Parses a format name: a built-in name ({@code e5m2}, {@code e4m3}, {@code e4m3fn}, {@code e5m2fnuz},
     * {@code e4m3fnuz}, {@code fp16}, {@code bf16}, {@code fp32}) or {@code eXmY[bN][fn|fnuz]} with X in
     * 2..8 and Y in 0..23 (bias defaults to 2^(X-1)-1, or 2^(X-1) for fnuz). A generic name whose
     * parameters equal a built-in's returns the built-in.
     *
     * @throws IllegalArgumentException with a one-line message naming what was expected
     */
    public static FloatFormat parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (FloatFormat f : BUILT_INS) {
            if (f.name.equals(s)) {
                return f;
            }
        }
        if (s.equals("e4m3fn")) {
            return E4M3;
        }
        Matcher m = GENERIC.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown format '" + text + "' (expected one of "
                    + String.join(", ", BUILT_INS.stream().map(FloatFormat::name).toList())
                    + ", or eXmY[bN][fn|fnuz])");
        }
        int e;
        int man;
        try {
            e = Integer.parseInt(m.group(1));
            man = Integer.parseInt(m.group(2));
        } catch (NumberFormatException tooLong) {
            throw new IllegalArgumentException("format '" + text + "': exponent or mantissa width is too large");
        }
        if (e < 2 || e > 8 || man > 23) {
            throw new IllegalArgumentException("format '" + text + "': exponent bits must be 2..8 and mantissa bits 0..23");
        }
        Specials sp = m.group(4) == null ? Specials.IEEE : m.group(4).equals("fn") ? Specials.FN : Specials.FNUZ;
        int bias = (1 << (e - 1)) - (sp == Specials.FNUZ ? 0 : 1);
        if (m.group(3) != null) {
            if (m.group(3).length() > 3) {
                throw new IllegalArgumentException("format '" + text + "': bias is too large");
            }
            bias = Integer.parseInt(m.group(3));
        }
        FloatFormat f = new FloatFormat(s, e, man, bias, sp);
        for (FloatFormat b : BUILT_INS) {
            if (b.sameEncoding(f)) {
                return b;
            }
        }
        return f;
    }

    /** True when both formats give every code the same value (names may differ). */
    public boolean sameEncoding(FloatFormat other) {
        return expBits == other.expBits && manBits == other.manBits && bias == other.bias && specials == other.specials;
    }

    /** 1 + expBits + manBits. */
    public int totalBits() {
        return 1 + expBits + manBits;
    }

    /** Number of codes, 2^totalBits (a long: FP32 has 2^32). */
    public long codeCount() {
        return 1L << totalBits();
    }

    /** The sign bit of a code. */
    public int signMask() {
        return 1 << (expBits + manBits);
    }

    /** All bits below the sign. */
    public int magnitudeMask() {
        return signMask() - 1;
    }

    /** The smallest normal exponent, 1 - bias. */
    public int minExponent() {
        return 1 - bias;
    }

    /** The unbiased exponent of the largest finite value. */
    public int maxExponent() {
        return (maxFiniteCode() >> manBits) - bias;
    }

    /** The positive code of the largest finite value (e5m2 0x7B, e4m3 0x7E, fnuz 0x7F). */
    public int maxFiniteCode() {
        return switch (specials) {
            case IEEE -> (((1 << expBits) - 1) << manBits) - 1;
            case FN -> magnitudeMask() - 1;
            case FNUZ, FINITE -> magnitudeMask();
        };
    }

    /** The positive code of the smallest normal value, 2^minExponent. */
    public int minNormalCode() {
        return 1 << manBits;
    }

    public boolean hasInfinity() {
        return specials == Specials.IEEE;
    }

    public boolean hasNegativeZero() {
        return specials != Specials.FNUZ;
    }

    /** The positive infinity code (IEEE-like formats only). */
    public int infinityCode() {
        if (!hasInfinity()) {
            throw new UnsupportedOperationException(name + " has no infinity");
        }
        return ((1 << expBits) - 1) << manBits;
    }

    /** False for the finite-only formats (e2m1, e2m3, e3m2): every code is a number. */
    public boolean hasNaN() {
        return specials != Specials.FINITE;
    }

    /**
     * The NaN code a conversion produces under {@code policy} for a NaN whose sign is {@code negative}.
     * A finite-only format has none: its conversions turn a NaN into +0 (flagged invalid; ARCHITECTURE.md
     * section 2), so this returns 0 for them.
     */
    public int nanCode(NanPolicy policy, boolean negative) {
        int sign = negative && policy == NanPolicy.MLDTYPES ? signMask() : 0;
        return switch (specials) {
            case FNUZ -> signMask();
            case FINITE -> 0;
            case FN -> magnitudeMask() | sign;
            case IEEE -> policy == NanPolicy.CANONICAL && totalBits() <= 8
                    ? magnitudeMask()
                    : infinityCode() | (1 << (manBits - 1)) | sign;
        };
    }

    public boolean isNaN(int code) {
        int mag = code & magnitudeMask();
        return switch (specials) {
            case IEEE -> (mag >> manBits) == (1 << expBits) - 1 && (mag & ((1 << manBits) - 1)) != 0;
            case FN -> mag == magnitudeMask();
            case FNUZ -> (code & (signMask() | magnitudeMask())) == signMask();
            case FINITE -> false;
        };
    }

    public boolean isInfinite(int code) {
        return hasInfinity() && (code & magnitudeMask()) == infinityCode();
    }

    /** The largest finite value. */
    public double maxFinite() {
        return Float.intBitsToFloat(decodeToF32Bits(maxFiniteCode()));
    }

    /** The smallest positive normal value, 2^minExponent. */
    public double minNormal() {
        return Math.scalb(1.0, minExponent());
    }

    /** The smallest positive subnormal value, 2^(minExponent - manBits). */
    public double minSubnormal() {
        return Math.scalb(1.0, minExponent() - manBits);
    }

    /** Hex digits used when printing a code: 2 for formats of up to 8 bits, 4 up to 16, else 8. */
    public int hexDigits() {
        int bits = totalBits();
        return bits <= 8 ? 2 : bits <= 16 ? 4 : 8;
    }

    /** A code as {@code 0x} followed by {@link #hexDigits()} upper-case hex digits. */
    public String formatCode(int code) {
        String hex = Long.toHexString(code & (codeCount() - 1)).toUpperCase(Locale.ROOT);
        return "0x" + "0".repeat(Math.max(0, hexDigits() - hex.length())) + hex;
    }

    /** The class of a code. FN and FNUZ NaNs are quiet; IEEE NaNs are quiet when the top mantissa bit is set. */
    public FloatClass classify(int code) {
        if (isNaN(code)) {
            boolean quiet = specials != Specials.IEEE || (code & (1 << (manBits - 1))) != 0;
            return quiet ? FloatClass.QUIET_NAN : FloatClass.SIGNALING_NAN;
        }
        boolean negative = (code & signMask()) != 0;
        int mag = code & magnitudeMask();
        if (isInfinite(code)) {
            return negative ? FloatClass.NEGATIVE_INFINITY : FloatClass.POSITIVE_INFINITY;
        }
        if (mag == 0) {
            return negative ? FloatClass.NEGATIVE_ZERO : FloatClass.POSITIVE_ZERO;
        }
        if (mag < minNormalCode()) {
            return negative ? FloatClass.NEGATIVE_SUBNORMAL : FloatClass.POSITIVE_SUBNORMAL;
        }
        return negative ? FloatClass.NEGATIVE_NORMAL : FloatClass.POSITIVE_NORMAL;
    }

    /**
     * The FP32 bit pattern of a code's value, exact for every finite value and infinity. NaNs decode
     * to an FP32 quiet NaN with the code's sign (FNUZ: positive) and, for IEEE-like formats, the code's
     * payload in the top mantissa bits.
     */
    public int decodeToF32Bits(int code) {
        int sign = (code & signMask()) != 0 ? 0x8000_0000 : 0;
        int mag = code & magnitudeMask();
        if (isNaN(code)) {
            int payload = specials == Specials.IEEE ? (mag & ((1 << manBits) - 1)) << (23 - manBits) : 0;
            return (specials == Specials.FNUZ ? 0 : sign) | 0x7FC0_0000 | payload;
        }
        if (isInfinite(code)) {
            return sign | 0x7F80_0000;
        }
        int field = mag >> manBits;
        int man = mag & ((1 << manBits) - 1);
        if (field == 0) {
            // man * 2^(emin - m); exact because the constructor keeps every value inside FP32's range.
            return sign | Float.floatToRawIntBits(Math.scalb((float) man, minExponent() - manBits));
        }
        int f32Field = field - bias + 127;
        if (f32Field >= 1) {
            return sign | (f32Field << 23) | (man << (23 - manBits));
        }
        // A normal value of this format that is subnormal in FP32 (only for biases above 127).
        return sign | Float.floatToRawIntBits(Math.scalb((float) ((1 << manBits) | man), field - bias - manBits));
    }

    /** A code's value as a float (see {@link #decodeToF32Bits}). */
    public float decode(int code) {
        return Float.intBitsToFloat(decodeToF32Bits(code));
    }

    @Override
    public String toString() {
        return name;
    }
}
