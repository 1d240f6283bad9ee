package io.github.fp8sim.datapath.oracle;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.format.Specials;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import java.util.Arrays;

/**
 * A second reference for FP32 inputs, fast enough to sweep all 2^32 of them: the contract steps of
 * {@link ExactOracle}, carried out in {@code double} arithmetic that is exact for these operands.
 * Its tables (values, codes, max finite, NaN and Inf codes) come from {@link ExactOracle}; it shares
 * no code with the main classes either.
 *
 * <p>Why every step is exact, for a finite non-zero FP32 input x and a format whose values all lie in
 * FP32 (every {@link FloatFormat} does; formats of at most 16 bits here):
 * <ul>
 *   <li>{@code |x|} widened to double is exact and normal (FP32 subnormals are double normals), so
 *       {@link Math#getExponent(double)} is exactly {@code floor(log2|x|)};</li>
 *   <li>{@code y = |x| / q = |x| * 2^(m - E)} is a scaling by a power of two; y has at most 24
 *       significant bits and lies in [2^-300, 2^24), inside double's normal range, so it is exact;</li>
 *   <li>{@code n = floor(y)} and {@code f = y - n} are exact (the fractional part of a double is a
 *       double), as are the comparison {@code f > 1/2} and {@code F = floor(f * 2^r)} for r &lt;= 31;</li>
 *   <li>the rounded value {@code (n + up) * q} has at most 25 significant bits and is exact; the
 *       format's values and max finite are FP32 values, exact in double, so the range check and the
 *       value-to-code binary search compare exact numbers.</li>
 * </ul>
 * It is checked against {@link ExactOracle} on random and tie inputs by the default test suite.
 */
public final class FastExactReference {

    private final FloatFormat format;
    private final int m;
    private final int emin;
    private final int signBit;
    private final double maxFinite;
    private final int maxFiniteCode;
    private final double minNormal;
    private final double[] values;   // positive finite values, increasing
    private final int[] codes;       // their codes

    private FastExactReference(FloatFormat format) {
        if (ExactOracle.totalBits(format) > 16) {
            throw new IllegalArgumentException(format.name() + ": only formats of up to 16 bits");
        }
        this.format = format;
        this.m = format.manBits();
        this.emin = ExactOracle.emin(format);
        this.signBit = ExactOracle.signBit(format);
        this.maxFiniteCode = ExactOracle.maxFiniteCode(format);
        this.maxFinite = exactDouble(ExactOracle.maxFinite(format));
        this.minNormal = exactDouble(ExactOracle.minNormal(format));
        int n = 0;
        double[] vs = new double[signBit];
        int[] cs = new int[signBit];
        for (int code = 1; code < signBit; code++) {
            if (ExactOracle.kind(format, code) == ExactOracle.Kind.FINITE) {
                vs[n] = exactDouble(ExactOracle.value(format, code));
                cs[n] = code;
                n++;
            }
        }
        // Positive codes increase with their value (checked here, so the search below is valid).
        for (int i = 1; i < n; i++) {
            if (!(vs[i] > vs[i - 1])) {
                throw new IllegalStateException(format.name() + ": values not increasing at code " + cs[i]);
            }
        }
        this.values = Arrays.copyOf(vs, n);
        this.codes = Arrays.copyOf(cs, n);
    }

    /** A reference for {@code format} (at most 16 bits). */
    public static FastExactReference of(FloatFormat format) {
        return new FastExactReference(format);
    }

    public FloatFormat format() {
        return format;
    }

    /** The code of a packed result (low 32 bits). */
    public static int code(long result) {
        return (int) result;
    }

    /** The {@link FpFlags} bits of a packed result (high 32 bits). */
    public static int flags(long result) {
        return (int) (result >>> 32);
    }

    private static long pack(int code, int flags) {
        return (code & 0xFFFF_FFFFL) | ((long) flags << 32);
    }

    /** Converts FP32 bits as {@link ExactOracle#convert} does; code and flags packed (see {@link #code}). */
    public long convert(NanPolicy p, Rounding rounding, Overflow overflow, int srBits, int random, int f32Bits) {
        boolean negative = f32Bits < 0;
        int f32Exp = (f32Bits >>> 23) & 0xFF;
        int f32Man = f32Bits & 0x7F_FFFF;
        if (f32Exp == 0xFF) {
            ExactOracle.Result r = f32Man != 0
                    ? ExactOracle.convert(format, p, rounding, overflow, srBits, random, f32Bits)
                    : ExactOracle.convertInfinity(format, p, overflow, negative);
            return pack(r.code(), r.flags());
        }
        int sign = negative ? signBit : 0;
        double a = Math.abs((double) Float.intBitsToFloat(f32Bits));
        if (a == 0) {
            return pack(negative && format.specials() != Specials.FNUZ ? signBit : 0, 0);
        }
        int exponent = Math.max(Math.getExponent(a), emin);
        double y = Math.scalb(a, m - exponent);
        double n = Math.floor(y);
        double frac = y - n;
        boolean up = switch (rounding) {
            case RNE -> frac > 0.5 || (frac == 0.5 && n % 2 == 1);
            case RZ -> false;
            case SR -> Math.floor(Math.scalb(frac, srBits)) + random >= Math.scalb(1.0, srBits);
        };
        double rounded = Math.scalb(n + (up ? 1 : 0), exponent - m);
        if (rounded > maxFinite) {
            int flags = FpFlags.OVERFLOW | FpFlags.INEXACT;
            if (overflow == Overflow.SATURATE || format.specials() == Specials.FINITE) {
                return pack(maxFiniteCode | sign, flags | FpFlags.SATURATED);
            }
            int code = format.specials() == Specials.IEEE
                    ? ExactOracle.infinityCode(format) | sign
                    : ExactOracle.nanCode(format, p, negative);
            return pack(code, flags);
        }
        int flags = 0;
        if (rounded != a) {
            flags = FpFlags.INEXACT | (a < minNormal ? FpFlags.UNDERFLOW : 0);
        }
        if (rounded == 0) {
            return pack(negative && format.specials() != Specials.FNUZ ? signBit : 0, flags);
        }
        int i = Arrays.binarySearch(values, rounded);
        if (i < 0) {
            throw new IllegalStateException(rounded + " is not a value of " + format.name());
        }
        return pack(codes[i] | sign, flags);
    }

    private static double exactDouble(java.math.BigDecimal v) {
        double d = v.doubleValue();
        if (new java.math.BigDecimal(d).compareTo(v) != 0) {
            throw new IllegalStateException(v + " is not a double");
        }
        return d;
    }
}
