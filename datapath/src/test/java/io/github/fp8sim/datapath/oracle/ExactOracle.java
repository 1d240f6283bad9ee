package io.github.fp8sim.datapath.oracle;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.format.Specials;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact reference for fp8sim's numerics contract (ARCHITECTURE.md section 2), written from that
 * text and the OCP 8-bit Floating Point Specification (OFP8) rev 1.0 only.
 *
 * <p>Independence: of the main code it reads only a {@link FloatFormat}'s four defining fields
 * ({@code expBits}, {@code manBits}, {@code bias}, {@code specials}), the mode enums and the
 * {@link FpFlags} bit constants (the output encoding of {@link #expectedFlags}). It never calls
 * {@code FloatFormat}'s computed methods (max finite, NaN codes, decoding), {@code Converter} or
 * {@code Quantizer}. Every value is a {@link BigDecimal} (exact: all values here are dyadic
 * rationals), and every step of the contract is carried out literally:
 * <ol>
 *   <li>NaN inputs become the NaN policy's code;</li>
 *   <li>{@code |x|} is rounded onto the grid {@code q = 2^(max(floor(log2|x|), emin) - m)} with
 *       {@code n = floor(|x|/q)}, {@code f = |x|/q - n}, by RNE, RZ or SR
 *       ({@code F = floor(f * 2^r)}, up iff {@code F + R >= 2^r});</li>
 *   <li>the rounded value is checked against the max finite value, which is found by decoding codes
 *       (not typed in);</li>
 *   <li>a zero result keeps the sign of x (FNUZ: +0); any other result is the code whose decoded
 *       value equals it, found by searching a table of every code's value (formats up to 16 bits) or
 *       by building the fields directly and checking them by decoding (wider formats).</li>
 * </ol>
 *
 * <p>It is slow (microseconds per conversion) by design. Per-format tables are cached and the
 * class is thread-safe. Codes are right-aligned in an {@code int}, sign at bit {@code expBits + manBits}.
 */
public final class ExactOracle {

    /** What a code encodes. */
    public enum Kind {
        /** A finite value (zeros included). */
        FINITE,
        /** +Inf or -Inf (IEEE-like formats only). */
        INFINITE,
        /** Not a number. */
        NAN
    }

    /** A conversion's expected code and {@link FpFlags} bits. */
    public record Result(int code, int flags) {
    }

    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final int POW2_CACHE = 1200;
    private static final BigDecimal[] POW2 = new BigDecimal[2 * POW2_CACHE + 1];
    private static final Map<Key, Table> TABLES = new ConcurrentHashMap<>();

    /** Table lookups are used up to this width; wider formats are encoded field by field. */
    private static final int MAX_TABLE_BITS = 16;

    private ExactOracle() {
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding (OFP8 section 4 and IEEE 754 binary interchange formats)

    /** Number of bits of a code: sign, exponent and mantissa. */
    public static int totalBits(FloatFormat f) {
        return 1 + f.expBits() + f.manBits();
    }

    /** The sign bit of the format's codes. */
    public static int signBit(FloatFormat f) {
        return 1 << (f.expBits() + f.manBits());
    }

    /** The smallest normal exponent, {@code emin = 1 - bias} (the exponent of field 1). */
    public static int emin(FloatFormat f) {
        return 1 - f.bias();
    }

    /** Whether a code's sign bit is set (also for NaNs and zeros). */
    public static boolean isNegative(FloatFormat f, int code) {
        checkCode(f, code);
        return (code & signBit(f)) != 0;
    }

    /**
     * What {@code code} encodes. IEEE: an all-ones exponent field is Inf (mantissa 0) or NaN. FN: only
     * the all-ones magnitude {@code S.1..1.1..1} is NaN, there is no Inf. FNUZ: only the sign-only
     * code {@code 1.0..0.0..0} (negative zero's place) is NaN, there is no Inf and no -0.
     */
    public static Kind kind(FloatFormat f, int code) {
        checkCode(f, code);
        int m = f.manBits();
        int expAllOnes = (1 << f.expBits()) - 1;
        int manAllOnes = (1 << m) - 1;
        int expField = (code >>> m) & expAllOnes;
        int manField = code & manAllOnes;
        boolean negative = (code & signBit(f)) != 0;
        return switch (f.specials()) {
            case IEEE -> expField != expAllOnes ? Kind.FINITE : manField == 0 ? Kind.INFINITE : Kind.NAN;
            case FN -> expField == expAllOnes && manField == manAllOnes ? Kind.NAN : Kind.FINITE;
            case FNUZ -> negative && expField == 0 && manField == 0 ? Kind.NAN : Kind.FINITE;
            case FINITE -> Kind.FINITE;
        };
    }

    public static boolean isNaN(FloatFormat f, int code) {
        return kind(f, code) == Kind.NAN;
    }

    public static boolean isInfinite(FloatFormat f, int code) {
        return kind(f, code) == Kind.INFINITE;
    }

    /**
     * The exact value of a finite code: {@code (-1)^s * man * 2^(emin - m)} for a zero exponent
     * field (zero and subnormals), {@code (-1)^s * (2^m + man) * 2^(field - bias - m)} otherwise.
     * Both zeros decode to {@link BigDecimal#ZERO}; use {@link #isNegative} for the sign of zero.
     *
     * @throws IllegalArgumentException for NaN and Inf codes (see {@link #kind}) and codes out of range
     */
    public static BigDecimal value(FloatFormat f, int code) {
        Kind k = kind(f, code);
        if (k != Kind.FINITE) {
            throw new IllegalArgumentException(f.name() + " code 0x" + Integer.toHexString(code) + " is " + k);
        }
        int m = f.manBits();
        int expField = (code >>> m) & ((1 << f.expBits()) - 1);
        long manField = code & ((1L << m) - 1);
        BigDecimal magnitude = expField == 0
                ? BigDecimal.valueOf(manField).multiply(pow2(emin(f) - m))
                : BigDecimal.valueOf((1L << m) + manField).multiply(pow2(expField - f.bias() - m));
        return (code & signBit(f)) != 0 ? magnitude.negate() : magnitude;
    }

    /** The exact value of an FP32 bit pattern (finite only), independently of {@link #value}: via the JDK. */
    public static BigDecimal f32Value(int f32Bits) {
        float x = Float.intBitsToFloat(f32Bits);
        if (Float.isNaN(x) || Float.isInfinite(x)) {
            throw new IllegalArgumentException("FP32 0x" + Integer.toHexString(f32Bits) + " is not finite");
        }
        return new BigDecimal((double) x); // float -> double -> BigDecimal: both steps exact
    }

    /** The positive code of the largest finite value: the largest magnitude code that decodes as finite. */
    public static int maxFiniteCode(FloatFormat f) {
        return table(f).maxFiniteCode;
    }

    /** The largest finite value. */
    public static BigDecimal maxFinite(FloatFormat f) {
        return table(f).maxFinite;
    }

    /** The smallest positive normal value, {@code 2^emin}. */
    public static BigDecimal minNormal(FloatFormat f) {
        return pow2(emin(f));
    }

    /** The smallest positive subnormal value, {@code 2^(emin - m)}. */
    public static BigDecimal minSubnormal(FloatFormat f) {
        return pow2(emin(f) - f.manBits());
    }

    /** The positive infinity code: all-ones exponent field, zero mantissa (IEEE-like formats only). */
    public static int infinityCode(FloatFormat f) {
        if (f.specials() != Specials.IEEE) {
            throw new IllegalArgumentException(f.name() + " has no infinity");
        }
        int code = ((1 << f.expBits()) - 1) << f.manBits();
        check(kind(f, code) == Kind.INFINITE, "infinity code of " + f.name());
        return code;
    }

    /**
     * The NaN code a conversion produces (contract step 1). {@code mldtypes}: IEEE-like formats the
     * quiet NaN with only the top mantissa bit set and the input's sign (e5m2 0x7E/0xFE), FN the
     * all-ones magnitude with the input's sign (e4m3 0x7F/0xFF). {@code canonical}: sign dropped; all
     * magnitude bits set for formats of up to 8 bits (0x7F), for wider IEEE-like formats the quiet NaN
     * with only the top mantissa bit set (0x7E00, 0x7FC0, 0x7FC00000), for wider FN formats their
     * only positive NaN. FNUZ: always the sign-only code (0x80).
     */
    public static int nanCode(FloatFormat f, NanPolicy policy, boolean negative) {
        if (f.specials() == Specials.FINITE) {
            throw new IllegalArgumentException(f.name() + " has no NaN");
        }
        int m = f.manBits();
        int magnitudeAllOnes = signBit(f) - 1;
        int quietNaN = f.specials() == Specials.IEEE ? (((1 << f.expBits()) - 1) << m) | (1 << (m - 1)) : 0;
        int code;
        if (f.specials() == Specials.FNUZ) {
            code = signBit(f);
        } else if (policy == NanPolicy.MLDTYPES) {
            code = (f.specials() == Specials.IEEE ? quietNaN : magnitudeAllOnes) | (negative ? signBit(f) : 0);
        } else if (totalBits(f) <= 8 || f.specials() == Specials.FN) {
            code = magnitudeAllOnes;
        } else {
            code = quietNaN;
        }
        check(kind(f, code) == Kind.NAN, "NaN code of " + f.name());
        return code;
    }

    // ---------------------------------------------------------------------------------------------
    // Conversion (contract steps 1-4)

    /**
     * The code the contract gives for converting the FP32 value with raw bits {@code f32Bits}.
     *
     * @param srBits r, the number of SR random bits (1..31; ignored unless {@code rounding} is SR)
     * @param random R in [0, 2^r) (ignored unless {@code rounding} is SR)
     */
    public static int encode(FloatFormat f, NanPolicy p, Rounding rounding, Overflow overflow, int srBits, int random,
                             int f32Bits) {
        return convert(f, p, rounding, overflow, srBits, random, f32Bits).code();
    }

    /**
     * The {@link FpFlags} bits the conversion raises, per FpFlags' definitions: INEXACT the result's
     * value differs from the input's (NaN inputs never; a NaN result of a finite input does);
     * UNDERFLOW the input is non-zero, below the min normal in magnitude (tininess before rounding)
     * and the result is inexact; OVERFLOW a finite input rounded beyond max finite; INVALID a
     * signaling NaN input or an infinity turned into NaN; SATURATED the result was clamped to max
     * finite (overflow, or an infinite input, under SATURATE).
     */
    public static int expectedFlags(FloatFormat f, NanPolicy p, Rounding rounding, Overflow overflow, int srBits,
                                    int random, int f32Bits) {
        return convert(f, p, rounding, overflow, srBits, random, f32Bits).flags();
    }

    /** {@link #encode} and {@link #expectedFlags} at once. */
    public static Result convert(FloatFormat f, NanPolicy p, Rounding rounding, Overflow overflow, int srBits,
                                 int random, int f32Bits) {
        boolean negative = f32Bits < 0;
        int f32Exp = (f32Bits >>> 23) & 0xFF;
        int f32Man = f32Bits & 0x7F_FFFF;
        if (f32Exp == 0xFF && f32Man != 0) {
            // 1. NaN -> NaN; a signaling NaN (FP32 quiet bit 22 clear) is invalid.
            if (f.specials() == Specials.FINITE) {
                // no NaN code: +0, invalid (contract step 1, finite-only formats)
                return new Result(0, FpFlags.INVALID);
            }
            return new Result(nanCode(f, p, negative), (f32Man & 0x40_0000) == 0 ? FpFlags.INVALID : 0);
        }
        if (f32Exp == 0xFF) {
            return convertInfinity(f, p, overflow, negative);
        }
        return convertValue(f, p, rounding, overflow, srBits, random, negative, f32Value(f32Bits).abs());
    }

    /**
     * Converts +Inf or -Inf (contract step 3: "+-Inf inputs follow the same rule"): SATURATE gives
     * +-max finite, INF gives +-Inf, or in formats without Inf the policy's NaN (INVALID).
     *
     * <p>Flags of the clamp to max finite: SATURATED, and INEXACT because FpFlags defines INEXACT as
     * "the result's value differs from the input's" and max finite differs from Inf. This is the one
     * place where that literal reading is applied; NaN results are never called inexact.
     */
    public static Result convertInfinity(FloatFormat f, NanPolicy p, Overflow overflow, boolean negative) {
        int sign = negative ? signBit(f) : 0;
        if (overflow == Overflow.SATURATE || f.specials() == Specials.FINITE) {
            return new Result(maxFiniteCode(f) | sign, FpFlags.SATURATED | FpFlags.INEXACT);
        }
        if (f.specials() == Specials.IEEE) {
            return new Result(infinityCode(f) | sign, 0);
        }
        return new Result(nanCode(f, p, negative), FpFlags.INVALID);
    }

    /**
     * Converts the finite exact value {@code (-1)^negative * magnitude} (contract steps 2-4).
     *
     * @param magnitude |x| >= 0; {@code negative} gives the sign, also of a zero
     */
    public static Result convertValue(FloatFormat f, NanPolicy p, Rounding rounding, Overflow overflow, int srBits,
                                      int random, boolean negative, BigDecimal magnitude) {
        if (magnitude.signum() < 0) {
            throw new IllegalArgumentException("magnitude must be >= 0, got " + magnitude);
        }
        int sign = negative ? signBit(f) : 0;
        if (magnitude.signum() == 0) {
            return new Result(zeroCode(f, negative), 0);
        }
        // 2. Round onto the grid, no upper exponent limit.
        BigDecimal rounded = roundToGrid(f, rounding, srBits, random, magnitude);
        // 3. Range check on the rounded value.
        if (rounded.compareTo(maxFinite(f)) > 0) {
            int flags = FpFlags.OVERFLOW | FpFlags.INEXACT;
            if (overflow == Overflow.SATURATE || f.specials() == Specials.FINITE) {
                return new Result(maxFiniteCode(f) | sign, flags | FpFlags.SATURATED);
            }
            if (f.specials() == Specials.IEEE) {
                return new Result(infinityCode(f) | sign, flags);
            }
            return new Result(nanCode(f, p, negative), flags);
        }
        int flags = 0;
        if (rounded.compareTo(magnitude) != 0) {
            flags |= FpFlags.INEXACT;
            if (magnitude.compareTo(minNormal(f)) < 0) {
                flags |= FpFlags.UNDERFLOW;
            }
        }
        // 4. A zero result keeps the sign of x (FNUZ: +0); otherwise the code of the rounded value.
        if (rounded.signum() == 0) {
            return new Result(zeroCode(f, negative), flags);
        }
        return new Result(positiveCodeOf(f, rounded) | sign, flags);
    }

    /**
     * Step 2 alone: rounds {@code magnitude > 0} onto the format's grid with no upper exponent limit,
     * {@code q = 2^(max(floor(log2 magnitude), emin) - m)}. The result may exceed max finite.
     */
    public static BigDecimal roundToGrid(FloatFormat f, Rounding rounding, int srBits, int random,
                                         BigDecimal magnitude) {
        if (magnitude.signum() <= 0) {
            throw new IllegalArgumentException("magnitude must be > 0, got " + magnitude);
        }
        int m = f.manBits();
        int exponent = Math.max(floorLog2(magnitude), emin(f));
        BigDecimal scaled = magnitude.multiply(pow2(m - exponent));           // |x| / q, exact
        BigInteger n = scaled.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        BigDecimal fraction = scaled.subtract(new BigDecimal(n));               // f in [0, 1)
        boolean up = switch (rounding) {
            case RNE -> {
                int c = fraction.compareTo(HALF);
                yield c > 0 || (c == 0 && n.testBit(0));
            }
            case RZ -> false;
            case SR -> {
                checkRandom(srBits, random);
                BigInteger topBits = fraction.multiply(pow2(srBits)).setScale(0, RoundingMode.FLOOR)
                        .toBigIntegerExact();                                    // F = floor(f * 2^r)
                yield topBits.add(BigInteger.valueOf(random)).compareTo(BigInteger.ONE.shiftLeft(srBits)) >= 0;
            }
        };
        return new BigDecimal(up ? n.add(BigInteger.ONE) : n).multiply(pow2(exponent - m));
    }

    /** The exact value 2^p. */
    public static BigDecimal pow2(int p) {
        if (p < -POW2_CACHE || p > POW2_CACHE) {
            return computePow2(p);
        }
        BigDecimal v = POW2[p + POW2_CACHE];
        if (v == null) {
            v = computePow2(p);
            POW2[p + POW2_CACHE] = v; // benign race: every thread stores an equal value
        }
        return v;
    }

    /** floor(log2 v) for v > 0, exactly. */
    public static int floorLog2(BigDecimal v) {
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("log2 of " + v);
        }
        // v = U * 10^-s; estimate log2 from U's bit length, then correct by exact comparisons.
        int guess = (int) Math.floor(v.unscaledValue().bitLength() - 1 - v.scale() * (Math.log(10) / Math.log(2)));
        while (pow2(guess).compareTo(v) > 0) {
            guess--;
        }
        while (pow2(guess + 1).compareTo(v) <= 0) {
            guess++;
        }
        return guess;
    }

    // ---------------------------------------------------------------------------------------------

    private static int zeroCode(FloatFormat f, boolean negative) {
        return negative && f.specials() != Specials.FNUZ ? signBit(f) : 0;
    }

    /** The positive code whose value is exactly {@code v} (v > 0, on the grid, not above max finite). */
    private static int positiveCodeOf(FloatFormat f, BigDecimal v) {
        if (totalBits(f) <= MAX_TABLE_BITS) {
            Table t = table(f);
            int i = Arrays.binarySearch(t.values, v, Comparator.naturalOrder());
            check(i >= 0, v + " is not a value of " + f.name());
            return t.codes[i];
        }
        // Wider formats: v = N * 2^(E - m) with E >= emin; build the fields, then check by decoding.
        int m = f.manBits();
        int exponent = Math.max(floorLog2(v), emin(f));
        BigDecimal scaled = v.multiply(pow2(m - exponent));
        long n = scaled.toBigIntegerExact().longValueExact();
        int code = n < (1L << m)
                ? (int) n                                                   // subnormal: field 0
                : ((exponent + f.bias()) << m) | (int) (n - (1L << m));     // normal
        check(kind(f, code) == Kind.FINITE && value(f, code).compareTo(v) == 0,
                v + " is not a value of " + f.name());
        return code;
    }

    private static Table table(FloatFormat f) {
        return TABLES.computeIfAbsent(new Key(f.expBits(), f.manBits(), f.bias(), f.specials()), k -> buildTable(f));
    }

    private static Table buildTable(FloatFormat f) {
        if (totalBits(f) > MAX_TABLE_BITS) {
            // The largest magnitude code that decodes as finite (positive codes grow with their value).
            int code = signBit(f) - 1;
            while (kind(f, code) != Kind.FINITE) {
                code--;
            }
            return new Table(null, null, code, value(f, code));
        }
        int count = signBit(f);
        BigDecimal[] values = new BigDecimal[count];
        int[] codes = new int[count];
        int size = 0;
        int maxCode = -1;
        BigDecimal max = null;
        for (int code = 0; code < count; code++) {
            if (kind(f, code) != Kind.FINITE) {
                continue;
            }
            BigDecimal v = value(f, code);
            if (max == null || v.compareTo(max) > 0) {
                max = v;
                maxCode = code;
            }
            if (v.signum() > 0) {
                values[size] = v;
                codes[size] = code;
                size++;
            }
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        BigDecimal[] vs = values;
        Arrays.sort(order, (a, b) -> vs[a].compareTo(vs[b]));
        BigDecimal[] sortedValues = new BigDecimal[size];
        int[] sortedCodes = new int[size];
        for (int i = 0; i < size; i++) {
            sortedValues[i] = values[order[i]];
            sortedCodes[i] = codes[order[i]];
            check(i == 0 || sortedValues[i].compareTo(sortedValues[i - 1]) != 0,
                    f.name() + ": two codes with the value " + sortedValues[i]);
        }
        return new Table(sortedValues, sortedCodes, maxCode, max);
    }

    private static BigDecimal computePow2(int p) {
        return p >= 0
                ? new BigDecimal(BigInteger.ONE.shiftLeft(p))
                : new BigDecimal(BigInteger.valueOf(5).pow(-p), -p); // 2^-k = 5^k / 10^k
    }

    private static void checkRandom(int srBits, int random) {
        if (srBits < 1 || srBits > 31 || random < 0 || (long) random >= (1L << srBits)) {
            throw new IllegalArgumentException("SR needs r in 1..31 and R in [0, 2^r), got r=" + srBits + " R=" + random);
        }
    }

    private static void checkCode(FloatFormat f, int code) {
        if (totalBits(f) < 32 && (code < 0 || code >= (1L << totalBits(f)))) {
            throw new IllegalArgumentException(f.name() + ": code 0x" + Integer.toHexString(code) + " out of range");
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("oracle self-check failed: " + what);
        }
    }

    private record Key(int expBits, int manBits, int bias, Specials specials) {
    }

    private record Table(BigDecimal[] values, int[] codes, int maxFiniteCode, BigDecimal maxFinite) {
    }
}
