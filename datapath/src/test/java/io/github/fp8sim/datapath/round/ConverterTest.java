package io.github.fp8sim.datapath.round;

import static io.github.fp8sim.datapath.round.TestInputs.hex32;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.format.Specials;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.round.TestInputs.Mode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Converter#f32ToFormat} against ARCHITECTURE.md section 2: named vectors from the text and
 * OFP8 5.2.1, first principles (ties to the even code), the independent {@link ExactOracle}, and the
 * JDK's binary16 conversion.
 */
class ConverterTest {

    private static final FloatFormat E5M2 = FloatFormat.E5M2;
    private static final FloatFormat E4M3 = FloatFormat.E4M3;
    private static final NanPolicy ML = NanPolicy.MLDTYPES;

    /** (r, R) pairs an SR conversion of an exact value is tried with: any R must leave it in place. */
    private static final int[][] SR_CHOICES = {{8, 0}, {8, 1}, {8, 127}, {8, 128}, {8, 255}, {1, 1}, {4, 15},
        {13, 8191}, {16, 65535}, {31, Integer.MAX_VALUE}};

    private static long convert(FloatFormat f, NanPolicy p, Rounding r, Overflow o, int srBits, int random, int bits) {
        return Converter.f32ToFormat(new QuantSpec(f, r, o, srBits, p), random, bits);
    }

    private static long rne(FloatFormat f, Overflow o, int bits) {
        return convert(f, ML, Rounding.RNE, o, 8, 0, bits);
    }

    private static int bitsOf(float x) {
        return Float.floatToRawIntBits(x);
    }

    private static String describe(long result) {
        return String.format("0x%X %s", Converter.code(result), FpFlags.describe(Converter.flags(result)));
    }

    static Stream<FloatFormat> formatsUpTo16Bits() {
        return FloatFormat.builtIns().stream().filter(f -> f.totalBits() <= 16);
    }

    // ---------------------------------------------------------------------------------------------
    // Round trips

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsUpTo16Bits")
    void everyFiniteCodeConvertsBackToItselfWithoutFlagsInEveryMode(FloatFormat f) {
        List<String> wrong = new ArrayList<>();
        int codes = 1 << ExactOracle.totalBits(f);
        int[][] srChoices = f.totalBits() <= 8 ? SR_CHOICES : new int[][] {{8, 255}, {13, 4096}};
        for (int code = 0; code < codes && wrong.size() < 20; code++) {
            if (ExactOracle.kind(f, code) != ExactOracle.Kind.FINITE) {
                continue;
            }
            int bits = f.decodeToF32Bits(code);      // encode(decode(c)); the decode is the oracle's value:
            if (bits != TestInputs.f32BitsOf(f, code)) {
                wrong.add(f.formatCode(code) + " decodes to " + hex32(bits));
                continue;
            }
            for (NanPolicy p : NanPolicy.values()) {
                for (Overflow o : Overflow.values()) {
                    check(wrong, f, code, convert(f, p, Rounding.RNE, o, 8, 0, bits), "rne " + o);
                    check(wrong, f, code, convert(f, p, Rounding.RZ, o, 8, 0, bits), "rz " + o);
                    for (int[] sr : srChoices) {
                        check(wrong, f, code, convert(f, p, Rounding.SR, o, sr[0], sr[1], bits),
                                "sr r=" + sr[0] + " R=" + sr[1] + " " + o);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, f + ": exact values must not move");
    }

    private static void check(List<String> wrong, FloatFormat f, int code, long result, String mode) {
        if (Converter.code(result) != code || Converter.flags(result) != 0) {
            wrong.add(f.formatCode(code) + " " + mode + " -> " + describe(result));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsUpTo16Bits")
    void everyNaNCodeDecodesAndConvertsToThePolicysNaN(FloatFormat f) {
        int codes = 1 << ExactOracle.totalBits(f);
        for (int code = 0; code < codes; code++) {
            if (!ExactOracle.isNaN(f, code)) {
                continue;
            }
            int bits = f.decodeToF32Bits(code);
            boolean negative = ExactOracle.isNegative(f, code) && f.specials() != Specials.FNUZ;
            for (NanPolicy p : NanPolicy.values()) {
                for (Mode m : Mode.ALL) {
                    for (Overflow o : Overflow.values()) {
                        long r = convert(f, p, m.rounding(), o, m.srBits(), 0, bits);
                        assertEquals(ExactOracle.nanCode(f, p, negative), Converter.code(r),
                                f.formatCode(code) + " under " + p);
                        assertEquals(0, Converter.flags(r), "a quiet NaN raises nothing");
                    }
                }
            }
        }
    }

    @Test
    void eightBitNaNCodesConvertToThePublishedPolicyCodes() {
        // mldtypes keeps the sign: e5m2 0x7E/0xFE, e4m3 0x7F/0xFF; canonical is 0x7F; fnuz 0x80.
        for (int code : new int[] {0x7D, 0x7E, 0x7F}) {
            assertEquals(0x7E, Converter.code(rne(E5M2, Overflow.INF, E5M2.decodeToF32Bits(code))));
            assertEquals(0xFE, Converter.code(rne(E5M2, Overflow.INF, E5M2.decodeToF32Bits(code | 0x80))));
            assertEquals(0x7F, Converter.code(convert(E5M2, NanPolicy.CANONICAL, Rounding.RNE, Overflow.INF, 8, 0,
                    E5M2.decodeToF32Bits(code | 0x80))));
        }
        assertEquals(0xFF, Converter.code(rne(E4M3, Overflow.SATURATE, E4M3.decodeToF32Bits(0xFF))));
        assertEquals(0x7F, Converter.code(convert(E4M3, NanPolicy.CANONICAL, Rounding.RZ, Overflow.SATURATE, 8, 0,
                E4M3.decodeToF32Bits(0xFF))));
        assertEquals(0x80, Converter.code(rne(FloatFormat.E4M3FNUZ, Overflow.INF, 0xFFC0_0000)));
        assertEquals(0x80, Converter.code(rne(FloatFormat.E5M2FNUZ, Overflow.INF, 0x7FC0_0000)));
    }

    @Test
    void infinityCodesConvertBackToInfinityUnderInf() {
        for (FloatFormat f : List.of(E5M2, FloatFormat.FP16, FloatFormat.BF16)) {
            int inf = ExactOracle.infinityCode(f);
            int sign = ExactOracle.signBit(f);
            for (Mode m : Mode.ALL) {
                assertEquals(inf, Converter.code(convert(f, ML, m.rounding(), Overflow.INF, m.srBits(), 0,
                        f.decodeToF32Bits(inf))), f + " +Inf");
                assertEquals(inf | sign, Converter.code(convert(f, ML, m.rounding(), Overflow.INF, m.srBits(), 0,
                        f.decodeToF32Bits(inf | sign))), f + " -Inf");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // RNE between adjacent values

    /** Generic formats for the tie tests: m = 0 ones included (n is then 1 in every binade, so ties go up). */
    static Stream<FloatFormat> formatsUpTo16BitsAndGeneric() {
        return Stream.concat(formatsUpTo16Bits(), Stream.of("e3m4", "e2m5", "e2m1", "e2m1fn", "e3m2fnuz", "e4m3b11fnuz",
                "e2m0fn", "e3m0fnuz", "e4m0fn", "e5m0fnuz", "e8m0fnuz", "e5m6").map(FloatFormat::parse));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsUpTo16BitsAndGeneric")
    void rneGoesToTheNearerNeighbourAndTiesToTheEvenN(FloatFormat f) {
        List<String> wrong = new ArrayList<>();
        int max = ExactOracle.maxFiniteCode(f);
        int sign = ExactOracle.signBit(f);
        for (int c = 0; c < max && wrong.size() < 20; c++) {
            BigDecimal lo = ExactOracle.value(f, c);
            BigDecimal hi = ExactOracle.value(f, c + 1);
            BigDecimal mid = lo.add(hi).divide(BigDecimal.TWO);
            int midBits = bitsOf(mid.floatValue());
            assertEquals(0, new BigDecimal(Float.intBitsToFloat(midBits)).compareTo(mid), "midpoint is an FP32 value");
            // n = floor(|x| / q) = v(c) / q on the tie. For m >= 1 its parity is the code's last bit; for m = 0
            // it is 1 (the hidden bit) above zero, so those ties go up.
            boolean nOdd = lo.divide(hi.subtract(lo)).toBigIntegerExact().testBit(0);
            int even = nOdd ? c + 1 : c;
            boolean tiny = mid.compareTo(ExactOracle.minNormal(f)) < 0;
            int inexact = FpFlags.INEXACT | (tiny ? FpFlags.UNDERFLOW : 0);
            int[][] cases = {  // {FP32 bits, expected magnitude code, expected flags}
                {midBits, even, inexact},
                {midBits - 1, c, inexact},                          // one FP32 ulp below the midpoint
                {midBits + 1, c + 1, inexact},                      // one FP32 ulp above
                {TestInputs.f32BitsOf(f, c), c, 0},                 // the endpoints are exact
                {TestInputs.f32BitsOf(f, c + 1), c + 1, 0},
            };
            for (int[] k : cases) {
                for (boolean negative : new boolean[] {false, true}) {
                    int bits = k[0] | (negative ? 0x8000_0000 : 0);
                    int mag = k[1];
                    int want = mag | (negative && (mag != 0 || f.specials() != Specials.FNUZ) ? sign : 0);
                    for (Overflow o : Overflow.values()) {
                        long got = rne(f, o, bits);
                        ExactOracle.Result oracle = ExactOracle.convert(f, ML, Rounding.RNE, o, 8, 0, bits);
                        if (Converter.code(got) != want || Converter.flags(got) != k[2]
                                || oracle.code() != want || oracle.flags() != k[2]) {
                            wrong.add(String.format("FP32 %s %s: expected 0x%X %s, converter %s, oracle 0x%X %s",
                                    hex32(bits), o, want, FpFlags.describe(k[2]), describe(got), oracle.code(),
                                    FpFlags.describe(oracle.flags())));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    // ---------------------------------------------------------------------------------------------
    // Range check after rounding (OFP8 5.2.1)

    @Test
    void e5m2RneOverflowsExactlyFrom61440() {
        int below = Math.addExact(bitsOf(61440f), -1);   // 61439.996...
        assertEquals(61439.996f, Float.intBitsToFloat(below), 0.001f);
        assertAll(
                () -> assertEquals(0x7B, Converter.code(rne(E5M2, Overflow.INF, below))),
                () -> assertEquals(FpFlags.INEXACT, Converter.flags(rne(E5M2, Overflow.INF, below))),
                () -> assertEquals(0xFB, Converter.code(rne(E5M2, Overflow.INF, below | 0x8000_0000))),
                () -> assertEquals(0x7C, Converter.code(rne(E5M2, Overflow.INF, bitsOf(61440f))), "61440 -> +Inf"),
                () -> assertEquals(0xFC, Converter.code(rne(E5M2, Overflow.INF, bitsOf(-61440f))), "-61440 -> -Inf"),
                () -> assertEquals(FpFlags.OVERFLOW | FpFlags.INEXACT, Converter.flags(rne(E5M2, Overflow.INF,
                        bitsOf(61440f)))),
                () -> assertEquals(0x7B, Converter.code(rne(E5M2, Overflow.SATURATE, bitsOf(61440f)))),
                () -> assertEquals(0xFB, Converter.code(rne(E5M2, Overflow.SATURATE, bitsOf(-61440f)))),
                () -> assertEquals(FpFlags.OVERFLOW | FpFlags.INEXACT | FpFlags.SATURATED,
                        Converter.flags(rne(E5M2, Overflow.SATURATE, bitsOf(61440f)))),
                () -> assertEquals(0x7C, Converter.code(rne(E5M2, Overflow.INF, bitsOf(1e30f)))));
    }

    @Test
    void e4m3RneOverflowsOnlyAbove464() {
        int above = bitsOf(Math.nextUp(464f));
        assertAll(
                () -> assertEquals(0x7E, Converter.code(rne(E4M3, Overflow.INF, bitsOf(464f))), "464 -> 448 (even)"),
                () -> assertEquals(FpFlags.INEXACT, Converter.flags(rne(E4M3, Overflow.INF, bitsOf(464f)))),
                () -> assertEquals(0xFE, Converter.code(rne(E4M3, Overflow.INF, bitsOf(-464f)))),
                () -> assertEquals(0x7F, Converter.code(rne(E4M3, Overflow.INF, above)), "NaN (e4m3 has no Inf)"),
                () -> assertEquals(0xFF, Converter.code(rne(E4M3, Overflow.INF, above | 0x8000_0000)), "-NaN, mldtypes"),
                () -> assertEquals(0x7F, Converter.code(convert(E4M3, NanPolicy.CANONICAL, Rounding.RNE, Overflow.INF,
                        8, 0, above | 0x8000_0000)), "canonical NaN drops the sign"),
                () -> assertEquals(FpFlags.OVERFLOW | FpFlags.INEXACT, Converter.flags(rne(E4M3, Overflow.INF, above)),
                        "a finite overflow is not invalid"),
                () -> assertEquals(0x7E, Converter.code(rne(E4M3, Overflow.SATURATE, above)), "saturates to 448"),
                () -> assertEquals(0xFE, Converter.code(rne(E4M3, Overflow.SATURATE, above | 0x8000_0000))),
                () -> assertEquals(FpFlags.OVERFLOW | FpFlags.INEXACT | FpFlags.SATURATED,
                        Converter.flags(rne(E4M3, Overflow.SATURATE, above))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsUpTo16Bits")
    void rneOverflowBoundaryIsMaxFinitePlusHalfAStepAndTiesByTheMaxCodesParity(FloatFormat f) {
        // First principles: above max finite the grid continues with max's spacing q; RNE overflows iff the
        // rounded value exceeds max, i.e. |x| > max + q/2, or |x| == max + q/2 and max's code is odd.
        int maxCode = ExactOracle.maxFiniteCode(f);
        BigDecimal max = ExactOracle.maxFinite(f);
        BigDecimal q = max.subtract(ExactOracle.value(f, maxCode - 1));
        float boundary = max.add(q.divide(BigDecimal.TWO)).floatValue();
        boolean tieOverflows = (maxCode & 1) == 1;
        int sign = ExactOracle.signBit(f);
        int overflowCode = f.specials() == Specials.IEEE ? ExactOracle.infinityCode(f)
                : f.specials() == Specials.FINITE ? maxCode : ExactOracle.nanCode(f, ML, false);
        assertEquals(tieOverflows ? overflowCode : maxCode, Converter.code(rne(f, Overflow.INF, bitsOf(boundary))));
        assertEquals(overflowCode, Converter.code(rne(f, Overflow.INF, bitsOf(Math.nextUp(boundary)))));
        assertEquals(maxCode, Converter.code(rne(f, Overflow.INF, bitsOf(Math.nextDown(boundary)))));
        assertEquals(maxCode | sign, Converter.code(rne(f, Overflow.SATURATE, bitsOf(-Math.nextUp(boundary)))));
        assertEquals(maxCode | sign, Converter.code(rne(f, Overflow.SATURATE, bitsOf(-boundary))));
    }

    @Test
    void rzOverflowsOnlyWhenTheTruncatedValueLeavesTheRange() {
        // Round first (truncate onto the unbounded grid), then check: e5m2 grid beyond 57344 is 65536.
        assertEquals(0x7B, Converter.code(convert(E5M2, ML, Rounding.RZ, Overflow.INF, 8, 0, bitsOf(Math.nextDown(65536f)))));
        assertEquals(FpFlags.INEXACT,
                Converter.flags(convert(E5M2, ML, Rounding.RZ, Overflow.INF, 8, 0, bitsOf(Math.nextDown(65536f)))));
        assertEquals(0x7C, Converter.code(convert(E5M2, ML, Rounding.RZ, Overflow.INF, 8, 0, bitsOf(65536f))));
        assertEquals(0xFB, Converter.code(convert(E5M2, ML, Rounding.RZ, Overflow.SATURATE, 8, 0, bitsOf(-65536f))));
        // e4m3: 448 + 32 = 480 is the first grid value above max.
        assertEquals(0x7E, Converter.code(convert(E4M3, ML, Rounding.RZ, Overflow.INF, 8, 0, bitsOf(Math.nextDown(480f)))));
        assertEquals(0x7F, Converter.code(convert(E4M3, ML, Rounding.RZ, Overflow.INF, 8, 0, bitsOf(480f))));
        assertEquals(0x7E, Converter.code(convert(E4M3, ML, Rounding.RZ, Overflow.SATURATE, 8, 0, bitsOf(480f))));
    }

    @Test
    void srOverflowsWhenItsRandomBitsCarryPastMaxFinite() {
        // 464 = 448 + 16: half of e4m3's top step (32), so F = 128 of 256.
        int x = bitsOf(464f);
        assertEquals(0x7E, Converter.code(convert(E4M3, ML, Rounding.SR, Overflow.INF, 8, 127, x)));
        assertEquals(0x7F, Converter.code(convert(E4M3, ML, Rounding.SR, Overflow.INF, 8, 128, x)));
        assertEquals(0x7E, Converter.code(convert(E4M3, ML, Rounding.SR, Overflow.SATURATE, 8, 128, x)));
        assertEquals(FpFlags.OVERFLOW | FpFlags.INEXACT | FpFlags.SATURATED,
                Converter.flags(convert(E4M3, ML, Rounding.SR, Overflow.SATURATE, 8, 128, x)));
        // e5m2: 61440 = 57344 + 4096, half of the top step 8192.
        assertEquals(0x7B, Converter.code(convert(E5M2, ML, Rounding.SR, Overflow.INF, 8, 127, bitsOf(61440f))));
        assertEquals(0x7C, Converter.code(convert(E5M2, ML, Rounding.SR, Overflow.INF, 8, 128, bitsOf(61440f))));
    }

    // ---------------------------------------------------------------------------------------------
    // Infinite inputs

    static Stream<Arguments> formatsAndPolicies() {
        return FloatFormat.builtIns().stream().flatMap(f -> Stream.of(NanPolicy.values()).map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndPolicies")
    void infiniteInputsFollowTheRangeRule(FloatFormat f, NanPolicy p) {
        int sign = ExactOracle.signBit(f);
        int maxCode = ExactOracle.maxFiniteCode(f);
        for (Mode m : Mode.ALL) {
            for (boolean negative : new boolean[] {false, true}) {
                int bits = negative ? 0xFF80_0000 : 0x7F80_0000;
                long sat = convert(f, p, m.rounding(), Overflow.SATURATE, m.srBits(), 0, bits);
                long inf = convert(f, p, m.rounding(), Overflow.INF, m.srBits(), 0, bits);
                String what = f + " " + (negative ? "-" : "+") + "Inf " + m;
                assertEquals(maxCode | (negative ? sign : 0), Converter.code(sat), what + " saturate");
                assertTrue((Converter.flags(sat) & FpFlags.SATURATED) != 0, what + " saturate raises saturated");
                assertEquals(0, Converter.flags(sat) & (FpFlags.OVERFLOW | FpFlags.INVALID | FpFlags.UNDERFLOW),
                        what + ": an infinite input is not a finite overflow");
                if (f.specials() == Specials.IEEE) {
                    assertEquals(ExactOracle.infinityCode(f) | (negative ? sign : 0), Converter.code(inf), what);
                    assertEquals(0, Converter.flags(inf), what + ": Inf to Inf is exact");
                } else if (f.specials() == Specials.FINITE) {
                    assertEquals(Converter.code(sat), Converter.code(inf), what + ": finite-only formats always saturate");
                    assertEquals(Converter.flags(sat), Converter.flags(inf), what);
                } else {
                    assertEquals(ExactOracle.nanCode(f, p, negative), Converter.code(inf), what + " -> NaN");
                    assertEquals(FpFlags.INVALID, Converter.flags(inf), what + ": Inf turned into NaN is invalid");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void infiniteInputClampedToMaxFiniteRaisesInexactAsFpFlagsDefinesIt(FloatFormat f) {
        // FpFlags: "INEXACT the result's value differs from the input's". +-Inf -> +-max finite changes the value.
        for (int bits : new int[] {0x7F80_0000, 0xFF80_0000}) {
            long sat = rne(f, Overflow.SATURATE, bits);
            assertEquals(FpFlags.describe(FpFlags.INEXACT | FpFlags.SATURATED), FpFlags.describe(Converter.flags(sat)),
                    f + " " + hex32(bits) + " -> " + describe(sat));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Named vectors

    @Test
    void doubleRoundingRegression0x3F900800IsConvertedDirectly() {
        int x = 0x3F90_0800;   // 1 + 2^-3 + 2^-12: just above the e5m2 midpoint 1.125 of 1.0 and 1.25
        assertEquals(0x3D, Converter.code(rne(E5M2, Overflow.SATURATE, x)), "direct FP32 -> e5m2 gives 1.25");
        assertEquals(0x3D, ExactOracle.encode(E5M2, ML, Rounding.RNE, Overflow.SATURATE, 8, 0, x));
        // Through FP16 the 2^-12 is lost first (1.125 exactly), and the tie then goes to even 1.0: 0x3C.
        int fp16 = Converter.code(rne(FloatFormat.FP16, Overflow.INF, x));
        assertEquals(0x3C80, fp16);
        assertEquals(0x3C, Converter.code(rne(E5M2, Overflow.SATURATE, FloatFormat.FP16.decodeToF32Bits(fp16))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void zeroKeepsItsSignExceptInFnuz(FloatFormat f) {
        int negativeZero = f.specials() == Specials.FNUZ ? 0 : ExactOracle.signBit(f);
        for (Mode m : Mode.ALL) {
            for (Overflow o : Overflow.values()) {
                long plus = convert(f, ML, m.rounding(), o, m.srBits(), 255, 0);
                long minus = convert(f, ML, m.rounding(), o, m.srBits(), 255, 0x8000_0000);
                assertEquals(0, Converter.code(plus), f + " +0");
                assertEquals(negativeZero, Converter.code(minus), f + " -0");
                assertEquals(0, Converter.flags(plus) | Converter.flags(minus), "zeros are exact");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIn8Bit")
    void tinyValuesRoundToZeroWithTheirSignAndRaiseUnderflow(FloatFormat f) {
        int negativeZero = f.specials() == Specials.FNUZ ? 0 : 0x80;
        // A quarter of the min subnormal: RNE, RZ and SR with any R go to zero (F = 64 of 256 for R < 192).
        int quarter = bitsOf(Math.scalb(1f, ExactOracle.emin(f) - f.manBits() - 2));
        for (Mode m : List.of(Mode.RNE, Mode.RZ, Mode.SR8)) {
            long plus = convert(f, ML, m.rounding(), Overflow.INF, 8, 191, quarter);
            long minus = convert(f, ML, m.rounding(), Overflow.INF, 8, 191, quarter | 0x8000_0000);
            assertEquals(0, Converter.code(plus), f + " " + m);
            assertEquals(negativeZero, Converter.code(minus), f + " " + m + ": -tiny -> -0 (fnuz +0)");
            assertEquals(FpFlags.INEXACT | FpFlags.UNDERFLOW, Converter.flags(minus), f + " " + m);
        }
        assertEquals(1 | 0x80, Converter.code(convert(f, ML, Rounding.SR, Overflow.INF, 8, 192, quarter | 0x8000_0000)),
                "F + R = 256: up to -min subnormal");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIn8Bit")
    void fp32SubnormalsBecomeSignedZeroInEightBitFormatsInEveryMode(FloatFormat f) {
        SplittableRandom random = new SplittableRandom(5);
        int negativeZero = f.specials() == Specials.FNUZ ? 0 : 0x80;
        for (int i = 0; i < 2000; i++) {
            int bits = 1 + random.nextInt(0x7F_FFFF);
            for (Mode m : Mode.ALL) {
                int rnd = (1 << m.srBits()) - 1;   // even the largest R: F = 0 far below the grid
                long plus = convert(f, ML, m.rounding(), Overflow.INF, m.srBits(), rnd, bits);
                long minus = convert(f, ML, m.rounding(), Overflow.INF, m.srBits(), rnd, bits | 0x8000_0000);
                assertEquals(0, Converter.code(plus), () -> f + " " + hex32(bits));
                assertEquals(negativeZero, Converter.code(minus), () -> f + " -" + hex32(bits));
                assertEquals(FpFlags.INEXACT | FpFlags.UNDERFLOW, Converter.flags(plus), () -> f + " " + hex32(bits));
            }
        }
    }

    @Test
    void fp32SubnormalsLandOnBf16SubnormalsWithTiesToEven() {
        FloatFormat bf16 = FloatFormat.BF16;     // subnormal spacing 2^-133 = FP32 0x00010000
        assertEquals(0x0001, Converter.code(rne(bf16, Overflow.INF, 0x0001_0000)));
        assertEquals(0, Converter.flags(rne(bf16, Overflow.INF, 0x0001_0000)));
        assertEquals(0x0000, Converter.code(rne(bf16, Overflow.INF, 0x0000_8000)), "tie to even 0");
        assertEquals(0x0001, Converter.code(rne(bf16, Overflow.INF, 0x0000_8001)));
        assertEquals(0x0002, Converter.code(rne(bf16, Overflow.INF, 0x0001_8000)), "tie to even 2");
        assertEquals(0x8002, Converter.code(rne(bf16, Overflow.INF, 0x8001_8000)));
        assertEquals(0x007F, Converter.code(convert(bf16, ML, Rounding.RZ, Overflow.INF, 8, 0, 0x007F_FFFF)));
        assertEquals(0x0080, Converter.code(rne(bf16, Overflow.INF, 0x007F_FFFF)), "carries into the min normal");
        assertEquals(FpFlags.INEXACT | FpFlags.UNDERFLOW, Converter.flags(rne(bf16, Overflow.INF, 0x007F_FFFF)),
                "tininess is detected before rounding");
    }

    @Test
    void fp32ToFp32IsTheIdentityForSubnormalsAndNormals() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 100_000; i++) {
            int bits = i < 1000 ? random.nextInt(0x80_0000) | (random.nextBoolean() ? 0x8000_0000 : 0) : random.nextInt();
            if ((bits & 0x7F80_0000) == 0x7F80_0000) {
                continue;
            }
            for (Mode m : Mode.ALL) {
                long r = convert(FloatFormat.FP32, ML, m.rounding(), Overflow.INF, m.srBits(), 1, bits);
                assertEquals(bits, Converter.code(r), () -> hex32(bits));
                assertEquals(0, Converter.flags(r), () -> hex32(bits));
            }
        }
    }

    static Stream<Arguments> formatsWithNaNAndPolicies() {
        return formatsAndPolicies().filter(a -> ((FloatFormat) a.get()[0]).hasNaN());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsWithNaNAndPolicies")
    void signalingNaNIsInvalidAndQuietNaNRaisesNothing(FloatFormat f, NanPolicy p) {
        int[] signaling = {0x7F80_0001, 0x7FBF_FFFF, 0x7FA0_0000, 0xFF80_0001, 0xFFA0_0000};
        int[] quiet = {0x7FC0_0000, 0x7FFF_FFFF, 0xFFC0_0000, 0xFFC0_0001};
        for (Mode m : Mode.ALL) {
            for (Overflow o : Overflow.values()) {
                for (int bits : signaling) {
                    long r = convert(f, p, m.rounding(), o, m.srBits(), 0, bits);
                    assertEquals(ExactOracle.nanCode(f, p, bits < 0), Converter.code(r), () -> f + " " + hex32(bits));
                    assertEquals(FpFlags.INVALID, Converter.flags(r), () -> f + " sNaN " + hex32(bits));
                }
                for (int bits : quiet) {
                    long r = convert(f, p, m.rounding(), o, m.srBits(), 0, bits);
                    assertEquals(ExactOracle.nanCode(f, p, bits < 0), Converter.code(r), () -> f + " " + hex32(bits));
                    assertEquals(0, Converter.flags(r), () -> f + " qNaN " + hex32(bits));
                }
            }
        }
    }

    @Test
    void rneIntoFp16WithInfOverflowIsTheJdksFloatToFloat16() {
        // Float.floatToFloat16 is IEEE 754 RNE with overflow to Inf: the contract's rne/inf for FP16.
        List<String> wrong = TestInputs.failuresOf(64, 10, chunk -> {
            List<String> w = new ArrayList<>();
            for (long b = chunk; b < 1L << 32; b += 64 * 1021) {   // every 1021st pattern
                int bits = (int) b;
                if (Float.isNaN(Float.intBitsToFloat(bits))) {
                    continue;
                }
                int want = Float.floatToFloat16(Float.intBitsToFloat(bits)) & 0xFFFF;
                int got = Converter.code(rne(FloatFormat.FP16, Overflow.INF, bits));
                if (got != want) {
                    w.add(hex32(bits) + ": JDK 0x" + Integer.toHexString(want) + ", converter 0x" + Integer.toHexString(got));
                }
            }
            return w;
        });
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void roundPackOfExactValuesWithWideSignificandsAgreesWithTheOracle(FloatFormat f) {
        // "Conversion from FP32 (and from exact values)": sig * 2^exp2 with sig up to 2^62, far beyond FP32's 24 bits,
        // and exponents from far below the min subnormal (sticky bits only) to far above max finite.
        SplittableRandom random = new SplittableRandom(f.name().hashCode());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 20_000 && wrong.size() < 10; i++) {
            int bitLength = i == 0 ? 63 : 1 + random.nextInt(62);
            long sig = i == 0 ? 1L << 62 : (1L << (bitLength - 1)) | (random.nextLong() & ((1L << (bitLength - 1)) - 1));
            if (random.nextInt(4) == 0) {
                sig &= -(1L << random.nextInt(bitLength));   // trailing zeros: exact and tie cases
            }
            int emin = ExactOracle.emin(f);
            int exp2 = random.nextInt(3) == 0 ? random.nextInt(-400, 300)
                    : random.nextInt(emin - f.manBits() - 70 - bitLength, 131 - bitLength);
            boolean negative = random.nextBoolean();
            BigDecimal magnitude = new BigDecimal(BigInteger.valueOf(sig)).multiply(ExactOracle.pow2(exp2));
            for (Mode m : List.of(Mode.RNE, Mode.RZ, Mode.SR8, new Mode(Rounding.SR, 1 + random.nextInt(31)))) {
                for (Overflow o : Overflow.values()) {
                    int rnd = (int) random.nextLong(1L << m.srBits());
                    NanPolicy p = TestInputs.policy(random);
                    long got = Converter.roundPack(
                            new QuantSpec(f, m.rounding(), o, m.srBits(), p), rnd, negative, sig, exp2);
                    ExactOracle.Result want = ExactOracle.convertValue(f, p, m.rounding(), o, m.srBits(), rnd, negative,
                            magnitude);
                    if (want.code() != Converter.code(got) || want.flags() != Converter.flags(got)) {
                        wrong.add(String.format("%s %s %s R=%d %s0x%X * 2^%d: oracle 0x%X %s, converter %s", f, m, o, rnd,
                                negative ? "-" : "", sig, exp2, want.code(), FpFlags.describe(want.flags()), describe(got)));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    // ---------------------------------------------------------------------------------------------
    // Random inputs against the oracle

    /**
     * Random FP32 inputs per (format, mode), each converted under both overflow modes with a random NaN
     * policy and a fresh R: 4 modes x 500,000 = 2,000,000 inputs and 4,000,000 comparisons per 8-bit format.
     */
    private static final int RANDOM_INPUTS_8_BIT = 500_000;
    private static final int RANDOM_INPUTS_GENERIC = 50_000;
    private static final int CHUNKS = 50;

    static Stream<Arguments> eightBitFormatsAndModes() {
        return FloatFormat.builtIn8Bit().stream().flatMap(f -> Mode.ALL.stream().map(m -> Arguments.of(f, m)));
    }

    static Stream<Arguments> genericFormatsAndModes() {
        return Stream.of("e3m4", "e2m1fn", "e4m3b11fnuz", "e3m0fnuz", "e5m0fnuz", "fp16", "bf16").map(FloatFormat::parse)
                .flatMap(f -> Mode.ALL.stream().map(m -> Arguments.of(f, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("eightBitFormatsAndModes")
    void agreesWithTheOracleOnRandomInputs(FloatFormat f, Mode mode) {
        assertEquals(List.of(), randomMismatches(f, mode, RANDOM_INPUTS_8_BIT));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("genericFormatsAndModes")
    void agreesWithTheOracleOnRandomInputsInOtherFormats(FloatFormat f, Mode mode) {
        assertEquals(List.of(), randomMismatches(f, mode, RANDOM_INPUTS_GENERIC));
    }

    private static List<String> randomMismatches(FloatFormat f, Mode mode, int inputs) {
        long seed = (long) f.name().hashCode() * 31 + mode.toString().hashCode();
        return TestInputs.failuresOf(CHUNKS, 10, chunk -> {
            SplittableRandom random = new SplittableRandom(seed * 1000 + chunk);
            List<String> w = new ArrayList<>();
            for (int i = 0; i < inputs / CHUNKS; i++) {
                int bits = TestInputs.draw(random, f);
                NanPolicy p = TestInputs.policy(random);
                for (Overflow o : Overflow.values()) {
                    int rnd = mode.random(random);
                    long got = convert(f, p, mode.rounding(), o, mode.srBits(), rnd, bits);
                    ExactOracle.Result want = ExactOracle.convert(f, p, mode.rounding(), o, mode.srBits(), rnd, bits);
                    if (want.code() != Converter.code(got) || want.flags() != Converter.flags(got)) {
                        w.add(String.format("%s %s %s %s R=%d FP32 %s (%s): oracle 0x%X %s, converter %s", f, mode, o,
                                p.cliName(), rnd, hex32(bits), Float.intBitsToFloat(bits), want.code(),
                                FpFlags.describe(want.flags()), describe(got)));
                    }
                }
            }
            return w;
        });
    }
}
