package io.github.fp8sim.datapath.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle checked against facts that do not come from it: the published OFP8 figures, the JDK's
 * binary16 conversions ({@link Float#float16ToFloat}, {@link Float#floatToFloat16}, which are IEEE
 * RNE with overflow to Inf, the contract's rne/inf), bfloat16 as the top half of binary32, and FP32
 * to itself. Then {@link FastExactReference} against the oracle.
 */
class ExactOracleTest {

    private static final FloatFormat E5M2 = FloatFormat.E5M2;
    private static final FloatFormat E4M3 = FloatFormat.E4M3;

    @Test
    void publishedLimitsOfTheEightBitFormats() {
        assertEquals(0, new BigDecimal(57344).compareTo(ExactOracle.maxFinite(E5M2)));
        assertEquals(0x7B, ExactOracle.maxFiniteCode(E5M2));
        assertEquals(0, new BigDecimal(0x1p-16).compareTo(ExactOracle.minSubnormal(E5M2)));
        assertEquals(0x7C, ExactOracle.infinityCode(E5M2));
        assertEquals(0, new BigDecimal(448).compareTo(ExactOracle.maxFinite(E4M3)));
        assertEquals(0x7E, ExactOracle.maxFiniteCode(E4M3));
        assertEquals(0, new BigDecimal(0x1p-9).compareTo(ExactOracle.minSubnormal(E4M3)));
        assertEquals(0, new BigDecimal(57344).compareTo(ExactOracle.maxFinite(FloatFormat.E5M2FNUZ)));
        assertEquals(0, new BigDecimal(0x1p-17).compareTo(ExactOracle.minSubnormal(FloatFormat.E5M2FNUZ)));
        assertEquals(0, new BigDecimal(240).compareTo(ExactOracle.maxFinite(FloatFormat.E4M3FNUZ)));
        assertEquals(0, new BigDecimal(0x1p-10).compareTo(ExactOracle.minSubnormal(FloatFormat.E4M3FNUZ)));
        assertEquals(0, new BigDecimal(65504).compareTo(ExactOracle.maxFinite(FloatFormat.FP16)));
        assertEquals(0, new BigDecimal((2 - 0x1p-7) * 0x1p127).compareTo(ExactOracle.maxFinite(FloatFormat.BF16)));
        assertEquals(0, new BigDecimal(Float.MAX_VALUE).compareTo(ExactOracle.maxFinite(FloatFormat.FP32)));
        assertEquals(0x7F7F_FFFF, ExactOracle.maxFiniteCode(FloatFormat.FP32));
    }

    @Test
    void nanAndInfinityCodesOfTheEightBitFormats() {
        List<Integer> e5m2NaN = new ArrayList<>();
        List<Integer> e4m3NaN = new ArrayList<>();
        List<Integer> fnuzNaN = new ArrayList<>();
        for (int c = 0; c < 256; c++) {
            if (ExactOracle.isNaN(E5M2, c)) {
                e5m2NaN.add(c);
            }
            if (ExactOracle.isNaN(E4M3, c)) {
                e4m3NaN.add(c);
            }
            if (ExactOracle.isNaN(FloatFormat.E4M3FNUZ, c)) {
                fnuzNaN.add(c);
            }
            if (ExactOracle.isNaN(FloatFormat.E5M2FNUZ, c)) {
                fnuzNaN.add(c);
            }
            assertEquals(c == 0x7C || c == 0xFC, ExactOracle.isInfinite(E5M2, c));
            assertTrue(!ExactOracle.isInfinite(E4M3, c) && !ExactOracle.isInfinite(FloatFormat.E4M3FNUZ, c));
        }
        assertEquals(List.of(0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF), e5m2NaN);
        assertEquals(List.of(0x7F, 0xFF), e4m3NaN);
        assertEquals(List.of(0x80, 0x80), fnuzNaN);
        assertEquals(0x7E, ExactOracle.nanCode(E5M2, NanPolicy.MLDTYPES, false));
        assertEquals(0xFE, ExactOracle.nanCode(E5M2, NanPolicy.MLDTYPES, true));
        assertEquals(0x7F, ExactOracle.nanCode(E5M2, NanPolicy.CANONICAL, true));
        assertEquals(0xFF, ExactOracle.nanCode(E4M3, NanPolicy.MLDTYPES, true));
        assertEquals(0x7F, ExactOracle.nanCode(E4M3, NanPolicy.CANONICAL, true));
        assertEquals(0x80, ExactOracle.nanCode(FloatFormat.E4M3FNUZ, NanPolicy.MLDTYPES, false));
        assertEquals(0x7E00, ExactOracle.nanCode(FloatFormat.FP16, NanPolicy.CANONICAL, true));
        assertEquals(0xFFC0, ExactOracle.nanCode(FloatFormat.BF16, NanPolicy.MLDTYPES, true));
        assertEquals(0x7FC0_0000, ExactOracle.nanCode(FloatFormat.FP32, NanPolicy.CANONICAL, true));
    }

    @Test
    void valuesOfNamedCodes() {
        assertEquals(0, new BigDecimal("1.25").compareTo(ExactOracle.value(E5M2, 0x3D)));
        assertEquals(0, new BigDecimal("-1.0").compareTo(ExactOracle.value(E5M2, 0xBC)));
        assertEquals(0, new BigDecimal("0.001953125").compareTo(ExactOracle.value(E4M3, 0x01)));
        assertEquals(0, new BigDecimal("416").compareTo(ExactOracle.value(E4M3, 0x7D)));
        assertThrows(IllegalArgumentException.class, () -> ExactOracle.value(E5M2, 0x7C));
        assertThrows(IllegalArgumentException.class, () -> ExactOracle.value(E4M3, 0x7F));
        assertThrows(IllegalArgumentException.class, () -> ExactOracle.value(E4M3, 0x100));
    }

    @Test
    void fp16DecodingIsTheJdks() {
        for (int c = 0; c < 0x1_0000; c++) {
            float jdk = Float.float16ToFloat((short) c);
            ExactOracle.Kind kind = ExactOracle.kind(FloatFormat.FP16, c);
            if (Float.isNaN(jdk)) {
                assertEquals(ExactOracle.Kind.NAN, kind, Integer.toHexString(c));
            } else if (Float.isInfinite(jdk)) {
                assertEquals(ExactOracle.Kind.INFINITE, kind, Integer.toHexString(c));
            } else {
                assertEquals(0, new BigDecimal(jdk).compareTo(ExactOracle.value(FloatFormat.FP16, c)), Integer.toHexString(c));
                assertEquals(jdk < 0 || Float.floatToRawIntBits(jdk) < 0, ExactOracle.isNegative(FloatFormat.FP16, c));
            }
        }
    }

    @Test
    void bf16DecodingIsTheTopHalfOfFp32AndFp32DecodingIsTheJdks() {
        SplittableRandom random = new SplittableRandom(11);
        for (int c = 0; c < 0x1_0000; c++) {
            checkFp32Like(FloatFormat.BF16, c, c << 16);
        }
        for (int i = 0; i < 200_000; i++) {
            int bits = random.nextInt();
            checkFp32Like(FloatFormat.FP32, bits, bits);
        }
    }

    private static void checkFp32Like(FloatFormat f, int code, int f32Bits) {
        float x = Float.intBitsToFloat(f32Bits);
        ExactOracle.Kind kind = ExactOracle.kind(f, code);
        if (Float.isNaN(x)) {
            assertEquals(ExactOracle.Kind.NAN, kind);
        } else if (Float.isInfinite(x)) {
            assertEquals(ExactOracle.Kind.INFINITE, kind);
        } else {
            assertEquals(0, ExactOracle.f32Value(f32Bits).compareTo(ExactOracle.value(f, code)), f + " " + code);
        }
    }

    @Test
    void rneIntoFp16WithInfOverflowIsTheJdksFloatToFloat16() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            int bits = i % 2 == 0 ? random.nextInt() : nearRange(random, FloatFormat.FP16);
            if (Float.isNaN(Float.intBitsToFloat(bits))) {
                continue;
            }
            int expected = Float.floatToFloat16(Float.intBitsToFloat(bits)) & 0xFFFF;
            int actual = ExactOracle.encode(FloatFormat.FP16, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, bits);
            assertEquals(expected, actual, () -> "FP32 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void fp32ToItselfIsTheIdentityWithoutFlagsInEveryMode() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 40_000; i++) {
            int bits = random.nextInt();
            if (Float.isNaN(Float.intBitsToFloat(bits))) {
                continue;
            }
            for (Rounding r : Rounding.values()) {
                ExactOracle.Result res = ExactOracle.convert(FloatFormat.FP32, NanPolicy.MLDTYPES, r, Overflow.INF,
                        31, random.nextInt() & 0x7FFF_FFFF, bits);
                assertEquals(new ExactOracle.Result(bits, 0), res, () -> "FP32 0x" + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void roundToGridFollowsTheContractWordForWord() {
        // e5m2 around 1: q = 1/4. 1.125 is the midpoint of 1 (n = 4, even) and 1.25.
        assertEquals(0, new BigDecimal("1.0").compareTo(grid(E5M2, Rounding.RNE, 0, "1.125")));
        assertEquals(0, new BigDecimal("1.5").compareTo(grid(E5M2, Rounding.RNE, 0, "1.375")), "n = 5 odd: up");
        assertEquals(0, new BigDecimal("1.25").compareTo(grid(E5M2, Rounding.RZ, 0, "1.49")));
        // SR r=8: f = 0.5 -> F = 128; up iff R >= 128.
        assertEquals(0, new BigDecimal("1.0").compareTo(grid(E5M2, Rounding.SR, 127, "1.125")));
        assertEquals(0, new BigDecimal("1.25").compareTo(grid(E5M2, Rounding.SR, 128, "1.125")));
        // No upper exponent limit: 61440 is the e5m2 midpoint of 57344 and 65536, ties to 65536 (n = 8).
        assertEquals(0, new BigDecimal("65536").compareTo(grid(E5M2, Rounding.RNE, 0, "61440")));
        // Below emin the spacing stays 2^(emin - m) = 2^-16.
        assertEquals(0, new BigDecimal(0x1p-16).compareTo(grid(E5M2, Rounding.RNE, 0, new BigDecimal(0x1.8p-17).toString())));
        assertEquals(0, BigDecimal.ZERO.compareTo(grid(E5M2, Rounding.RNE, 0, new BigDecimal(0x1p-17).toString())), "tie to 0");
    }

    private static BigDecimal grid(FloatFormat f, Rounding r, int random, String x) {
        return ExactOracle.roundToGrid(f, r, 8, random, new BigDecimal(x));
    }

    @Test
    void floorLog2IsExactAcrossScales() {
        for (int p = -300; p <= 300; p += 7) {
            BigDecimal two = ExactOracle.pow2(p);
            assertEquals(p, ExactOracle.floorLog2(two));
            assertEquals(p - 1, ExactOracle.floorLog2(two.subtract(ExactOracle.pow2(p - 60))));
            assertEquals(p, ExactOracle.floorLog2(two.add(ExactOracle.pow2(p - 60))));
        }
    }

    @Test
    void srRejectsARandomValueOutsideItsRange() {
        assertThrows(IllegalArgumentException.class,
                () -> ExactOracle.encode(E5M2, NanPolicy.MLDTYPES, Rounding.SR, Overflow.INF, 8, 256, 0x3F90_0000));
        assertThrows(IllegalArgumentException.class,
                () -> ExactOracle.encode(E5M2, NanPolicy.MLDTYPES, Rounding.SR, Overflow.INF, 8, -1, 0x3F90_0000));
    }

    @Test
    void flagsOfNamedCases() {
        // 0x3F900800 = 1 + 2^-3 + 2^-12: e5m2 RNE rounds up to 1.25 (0x3D), inexact.
        assertEquals(new ExactOracle.Result(0x3D, FpFlags.INEXACT),
                ExactOracle.convert(E5M2, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, 0x3F90_0800));
        // 2^-18 into e5m2: below min normal and inexact -> underflow; RNE to 0 keeps the sign.
        assertEquals(new ExactOracle.Result(0x80, FpFlags.INEXACT | FpFlags.UNDERFLOW),
                ExactOracle.convert(E5M2, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, 0xAE80_0000));
        // 2^-16 (min subnormal) is exact: no underflow although tiny.
        assertEquals(new ExactOracle.Result(0x01, 0),
                ExactOracle.convert(E5M2, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, 0x3780_0000));
        // 500 into e4m3: overflow; saturate clamps, inf gives NaN (no INVALID: the input is finite).
        int f500 = Float.floatToRawIntBits(500f);
        assertEquals(new ExactOracle.Result(0x7E, FpFlags.OVERFLOW | FpFlags.INEXACT | FpFlags.SATURATED),
                ExactOracle.convert(E4M3, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.SATURATE, 8, 0, f500));
        assertEquals(new ExactOracle.Result(0x7F, FpFlags.OVERFLOW | FpFlags.INEXACT),
                ExactOracle.convert(E4M3, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, f500));
        // -Inf into e4m3 under inf: NaN with the sign (mldtypes), invalid.
        assertEquals(new ExactOracle.Result(0xFF, FpFlags.INVALID),
                ExactOracle.convert(E4M3, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, 0xFF80_0000));
        // A signaling NaN is invalid; a quiet one raises nothing.
        assertEquals(new ExactOracle.Result(0x7E, FpFlags.INVALID),
                ExactOracle.convert(E5M2, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, 0x7F80_0001));
        assertEquals(new ExactOracle.Result(0x7F, 0),
                ExactOracle.convert(E5M2, NanPolicy.CANONICAL, Rounding.RNE, Overflow.INF, 8, 0, 0xFFC0_0000));
    }

    // ---------------------------------------------------------------------------------------------
    // FastExactReference == ExactOracle

    static Stream<FloatFormat> referenceFormats() {
        return Stream.concat(FloatFormat.builtIns().stream().filter(f -> f.totalBits() <= 16),
                Stream.of("e3m4", "e2m1fn", "e4m3b11fnuz", "e2m1").map(FloatFormat::parse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFormats")
    void fastReferenceAgreesWithTheOracleOnRandomInputs(FloatFormat f) {
        FastExactReference ref = FastExactReference.of(f);
        SplittableRandom random = new SplittableRandom(f.name().hashCode());
        List<String> wrong = new ArrayList<>();
        int n = ExactOracle.totalBits(f) <= 8 ? 40_000 : 15_000;
        for (int i = 0; i < n && wrong.size() < 10; i++) {
            int bits = i % 4 == 0 ? random.nextInt() : nearRange(random, f);
            NanPolicy p = random.nextBoolean() ? NanPolicy.MLDTYPES : NanPolicy.CANONICAL;
            for (Rounding r : Rounding.values()) {
                for (Overflow o : Overflow.values()) {
                    int srBits = random.nextBoolean() ? 8 : 1 + random.nextInt(31);
                    int rnd = (int) random.nextLong(1L << srBits);
                    compare(ref, p, r, o, srBits, rnd, bits, wrong);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceFormats")
    void fastReferenceAgreesWithTheOracleAtEveryTieAndItsNeighbours(FloatFormat f) {
        FastExactReference ref = FastExactReference.of(f);
        List<String> wrong = new ArrayList<>();
        int max = ExactOracle.maxFiniteCode(f);
        int step = ExactOracle.totalBits(f) <= 8 ? 1 : 37;
        for (int c = 0; c < max && wrong.size() < 10; c += step) {
            BigDecimal mid = ExactOracle.value(f, c).add(ExactOracle.value(f, c + 1)).divide(BigDecimal.TWO);
            float m = mid.floatValue();
            int midBits = Float.floatToRawIntBits(m);
            for (int bits : new int[] {midBits, midBits - 1, midBits + 1, midBits | 0x8000_0000}) {
                for (Rounding r : Rounding.values()) {
                    compare(ref, NanPolicy.MLDTYPES, r, Overflow.INF, 8, 0x80, bits, wrong);
                    compare(ref, NanPolicy.MLDTYPES, r, Overflow.SATURATE, 8, 0x7F, bits, wrong);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static void compare(FastExactReference ref, NanPolicy p, Rounding r, Overflow o, int srBits, int rnd,
                                int bits, List<String> wrong) {
        ExactOracle.Result want = ExactOracle.convert(ref.format(), p, r, o, srBits, rnd, bits);
        long got = ref.convert(p, r, o, srBits, rnd, bits);
        if (want.code() != FastExactReference.code(got) || want.flags() != FastExactReference.flags(got)) {
            wrong.add(String.format("%s %s %s %s r=%d R=%d FP32 0x%08X: oracle 0x%X %s, fast 0x%X %s", ref.format(),
                    p, r, o, srBits, rnd, bits, want.code(), FpFlags.describe(want.flags()),
                    FastExactReference.code(got), FpFlags.describe(FastExactReference.flags(got))));
        }
    }

    /** A random FP32 pattern whose exponent lies between 2 binades below the min subnormal and 2 above max finite. */
    static int nearRange(SplittableRandom random, FloatFormat f) {
        int lo = ExactOracle.emin(f) - f.manBits() - 2;
        int hi = ExactOracle.floorLog2(ExactOracle.maxFinite(f)) + 2;
        int e = random.nextInt(lo, hi + 1) + 127;
        int field = Math.max(0, Math.min(254, e));
        return (random.nextInt() & 0x807F_FFFF) | (field << 23);
    }
}
