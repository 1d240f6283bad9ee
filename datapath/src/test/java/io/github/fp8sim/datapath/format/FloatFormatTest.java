package io.github.fp8sim.datapath.format;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FloatFormat} against ARCHITECTURE.md section 2's table and the published OFP8 / IEEE 754
 * figures (typed in here, never computed from the code under test), and every code of every 8- and
 * 16-bit built-in against the independent {@link ExactOracle}.
 */
class FloatFormatTest {

    /** One row of the table: the published figures of a built-in format. */
    record Published(FloatFormat format, double maxFinite, int maxFiniteCode, int maxExponent, int minSubnormalExp,
                     int minNormalExp, Integer infinityCode, boolean negativeZero) {
        @Override
        public String toString() {
            return format.name();
        }
    }

    static Stream<Published> publishedFigures() {
        return Stream.of(
                // OFP8 table 1/2: E5M2 max 57344 = 1.75 * 2^15, min normal 2^-14, min subnormal 2^-16, Inf S.11111.00
                new Published(FloatFormat.E5M2, 57344, 0x7B, 15, -16, -14, 0x7C, true),
                // OFP8: E4M3 max 448 = 1.75 * 2^8 (S.1111.110), min normal 2^-6, min subnormal 2^-9, no Inf
                new Published(FloatFormat.E4M3, 448, 0x7E, 8, -9, -6, null, true),
                // ml_dtypes float8_e5m2fnuz: bias 16, max 57344, min normal 2^-15, min subnormal 2^-17
                new Published(FloatFormat.E5M2FNUZ, 57344, 0x7F, 15, -17, -15, null, false),
                // ml_dtypes float8_e4m3fnuz: bias 8, max 240 = 1.875 * 2^7, min normal 2^-7, min subnormal 2^-10
                new Published(FloatFormat.E4M3FNUZ, 240, 0x7F, 7, -10, -7, null, false),
                // IEEE binary16: max 65504, min normal 2^-14, min subnormal 2^-24
                new Published(FloatFormat.FP16, 65504, 0x7BFF, 15, -24, -14, 0x7C00, true),
                // bfloat16: max (2 - 2^-7) * 2^127, min normal 2^-126, min subnormal 2^-133
                new Published(FloatFormat.BF16, (2 - 0x1p-7) * 0x1p127, 0x7F7F, 127, -133, -126, 0x7F80, true),
                // IEEE binary32
                new Published(FloatFormat.FP32, Float.MAX_VALUE, 0x7F7F_FFFF, 127, -149, -126, 0x7F80_0000, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedFigures")
    void limitsAreThePublishedFigures(Published p) {
        FloatFormat f = p.format();
        assertAll(
                () -> assertEquals(p.maxFinite(), f.maxFinite(), "max finite"),
                () -> assertEquals(p.maxFiniteCode(), f.maxFiniteCode(), "max finite code"),
                () -> assertEquals((float) p.maxFinite(), f.decode(p.maxFiniteCode()), "value of the max finite code"),
                () -> assertEquals(p.maxExponent(), f.maxExponent(), "max exponent"),
                () -> assertEquals(Math.scalb(1.0, p.minSubnormalExp()), f.minSubnormal(), "min subnormal"),
                () -> assertEquals((float) Math.scalb(1.0, p.minSubnormalExp()), f.decode(1), "value of code 1"),
                () -> assertEquals(Math.scalb(1.0, p.minNormalExp()), f.minNormal(), "min normal"),
                () -> assertEquals(1 - f.bias(), f.minExponent(), "emin"),
                () -> assertEquals(p.minNormalExp(), f.minExponent(), "emin"),
                () -> assertEquals((float) Math.scalb(1.0, p.minNormalExp()), f.decode(f.minNormalCode()),
                        "value of the min normal code"),
                () -> assertEquals(p.infinityCode() != null, f.hasInfinity(), "has Inf"),
                () -> assertEquals(p.negativeZero(), f.hasNegativeZero(), "has -0"));
        if (p.infinityCode() != null) {
            int inf = p.infinityCode();
            int sign = f.signMask();
            assertAll(
                    () -> assertEquals(inf, f.infinityCode()),
                    () -> assertTrue(f.isInfinite(inf) && f.isInfinite(inf | sign), "Inf codes are infinite"),
                    () -> assertEquals(Float.POSITIVE_INFINITY, f.decode(inf)),
                    () -> assertEquals(Float.NEGATIVE_INFINITY, f.decode(inf | sign)),
                    () -> assertFalse(f.isInfinite(p.maxFiniteCode()), "max finite is not Inf"));
        } else {
            assertThrows(UnsupportedOperationException.class, f::infinityCode);
        }
    }

    @Test
    void e5m2InfinityAndNaNCodesAreThePublishedOnes() {
        FloatFormat f = FloatFormat.E5M2;
        assertEquals(Set.of(0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF), nanCodes(f), "NaN codes S.11111.{01,10,11}");
        assertEquals(Set.of(0x7C, 0xFC), infiniteCodes(f), "Inf codes S.11111.00");
    }

    @Test
    void e4m3HasNoInfinityAndOnlyTheAllOnesMagnitudeIsNaN() {
        FloatFormat f = FloatFormat.E4M3;
        assertEquals(Set.of(0x7F, 0xFF), nanCodes(f), "NaN only S.1111.111");
        assertEquals(Set.of(), infiniteCodes(f));
        assertEquals(448f, f.decode(0x7E));
        assertEquals(-448f, f.decode(0xFE));
        assertEquals(416f, f.decode(0x7D), "S.1111.101 is finite in e4m3");
        assertEquals(256f, f.decode(0x78), "S.1111.000 is finite in e4m3 (it would be Inf in IEEE)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e5m2fnuz", "e4m3fnuz"})
    void fnuzFormatsHaveOneNaNAtTheNegativeZeroCodeAndNoNegativeZero(String name) {
        FloatFormat f = FloatFormat.parse(name);
        assertEquals(Set.of(0x80), nanCodes(f));
        assertEquals(Set.of(), infiniteCodes(f));
        assertEquals(0f, f.decode(0x00));
        assertEquals(0, Float.floatToRawIntBits(f.decode(0x00)), "the only zero is +0");
        assertEquals(FloatClass.POSITIVE_ZERO, f.classify(0x00));
        assertEquals(FloatClass.QUIET_NAN, f.classify(0x80));
        assertFalse(f.isNaN(0x7F));
        assertFalse(f.isNaN(0xFF));
        assertEquals(-f.decode(0x7F), f.decode(0xFF), "0xFF is -max finite");
    }

    @Test
    void sixteenBitNaNAndInfinityCodesAreIeee() {
        for (FloatFormat f : List.of(FloatFormat.FP16, FloatFormat.BF16)) {
            int inf = f == FloatFormat.FP16 ? 0x7C00 : 0x7F80;
            Set<Integer> expectedNaN = new TreeSet<>();
            for (int c = 0; c < 0x1_0000; c++) {
                if ((c & inf) == inf && (c & ~inf & 0x7FFF) != 0) {
                    expectedNaN.add(c);
                }
            }
            assertEquals(expectedNaN, nanCodes(f), f + " NaN codes");
            assertEquals(Set.of(inf, inf | 0x8000), infiniteCodes(f), f + " Inf codes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void nanCodesOfEachPolicyAreTheDocumentedOnes(FloatFormat f) {
        // ARCHITECTURE.md step 1: mldtypes keeps the sign (e5m2 0x7E/0xFE, e4m3 0x7F/0xFF, fnuz 0x80);
        // canonical drops it (0x7F for 8-bit formats, 0x80 for fnuz; RISC-V canonical NaN for wider ones).
        int[] expected = switch (f.name()) {   // {mldtypes +, mldtypes -, canonical +, canonical -}
            case "e5m2" -> new int[] {0x7E, 0xFE, 0x7F, 0x7F};
            case "e4m3" -> new int[] {0x7F, 0xFF, 0x7F, 0x7F};
            case "e5m2fnuz", "e4m3fnuz" -> new int[] {0x80, 0x80, 0x80, 0x80};
            case "e3m2", "e2m3", "e2m1" -> new int[] {0, 0, 0, 0};   // no NaN: a NaN input converts to +0
            case "fp16" -> new int[] {0x7E00, 0xFE00, 0x7E00, 0x7E00};
            case "bf16" -> new int[] {0x7FC0, 0xFFC0, 0x7FC0, 0x7FC0};
            case "fp32" -> new int[] {0x7FC0_0000, 0xFFC0_0000, 0x7FC0_0000, 0x7FC0_0000};
            default -> throw new AssertionError("no published NaN codes for " + f);
        };
        assertAll(
                () -> assertEquals(expected[0], f.nanCode(NanPolicy.MLDTYPES, false), "mldtypes +NaN"),
                () -> assertEquals(expected[1], f.nanCode(NanPolicy.MLDTYPES, true), "mldtypes -NaN"),
                () -> assertEquals(expected[2], f.nanCode(NanPolicy.CANONICAL, false), "canonical +NaN"),
                () -> assertEquals(expected[3], f.nanCode(NanPolicy.CANONICAL, true), "canonical -NaN"));
        if (!f.hasNaN()) {
            return;   // finite-only formats: no NaN code (MxElementFormatTest checks NaN inputs become +0)
        }
        for (NanPolicy p : NanPolicy.values()) {
            for (boolean negative : new boolean[] {false, true}) {
                int code = f.nanCode(p, negative);
                assertTrue(f.isNaN(code), f.formatCode(code) + " is a NaN");
                assertEquals(ExactOracle.nanCode(f, p, negative), code, "oracle " + p + " negative=" + negative);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void limitsAgreeWithTheOracle(FloatFormat f) {
        assertAll(
                () -> assertEquals(ExactOracle.maxFiniteCode(f), f.maxFiniteCode()),
                () -> assertEquals(0, ExactOracle.maxFinite(f).compareTo(new BigDecimal(f.maxFinite()))),
                () -> assertEquals(0, ExactOracle.minNormal(f).compareTo(new BigDecimal(f.minNormal()))),
                () -> assertEquals(0, ExactOracle.minSubnormal(f).compareTo(new BigDecimal(f.minSubnormal()))),
                () -> assertEquals(ExactOracle.signBit(f), f.signMask()),
                () -> assertEquals(ExactOracle.totalBits(f), f.totalBits()));
    }

    static Stream<FloatFormat> eightAndSixteenBitBuiltIns() {
        return FloatFormat.builtIns().stream().filter(f -> f.totalBits() <= 16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eightAndSixteenBitBuiltIns")
    void everyCodeDecodesToTheOracleValueAndClass(FloatFormat f) {
        List<String> wrong = new ArrayList<>();
        for (int code = 0; code < codeCount(f); code++) {
            String problem = decodeProblem(f, code);
            if (problem != null && wrong.size() < 20) {
                wrong.add(f.formatCode(code) + ": " + problem);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void fp16AndBf16DecodeLikeTheJdk() {
        for (int code = 0; code < 0x1_0000; code++) {
            float half = Float.float16ToFloat((short) code);
            float fp16 = FloatFormat.FP16.decode(code);
            if (Float.isNaN(half)) {
                assertTrue(Float.isNaN(fp16), "fp16 " + Integer.toHexString(code));
            } else {
                assertEquals(Float.floatToRawIntBits(half), Float.floatToRawIntBits(fp16), "fp16 " + Integer.toHexString(code));
            }
            int bf16Expected = code << 16;   // bfloat16 is the top half of binary32
            int bf16 = FloatFormat.BF16.decodeToF32Bits(code);
            if (Float.isNaN(Float.intBitsToFloat(bf16Expected))) {
                assertTrue(Float.isNaN(Float.intBitsToFloat(bf16)), "bf16 " + Integer.toHexString(code));
            } else {
                assertEquals(bf16Expected, bf16, "bf16 " + Integer.toHexString(code));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIn8Bit")
    void nanCodesDecodeToQuietFp32NaNsWithTheCodesSign(FloatFormat f) {
        for (int code = 0; code < 256; code++) {
            if (!ExactOracle.isNaN(f, code)) {
                continue;
            }
            int bits = f.decodeToF32Bits(code);
            assertTrue(Float.isNaN(Float.intBitsToFloat(bits)), f.formatCode(code));
            assertTrue((bits & 0x40_0000) != 0, f.formatCode(code) + " decodes to a quiet NaN");
            boolean negative = f.specials() != Specials.FNUZ && code >= 0x80;
            assertEquals(negative, bits < 0, f.formatCode(code) + " sign (fnuz: positive)");
        }
    }

    @Test
    void eightBitBuiltInsAreTheFirstFour() {
        assertEquals(List.of(FloatFormat.E5M2, FloatFormat.E4M3, FloatFormat.E5M2FNUZ, FloatFormat.E4M3FNUZ),
                FloatFormat.builtIn8Bit());
        assertEquals(FloatFormat.builtIn8Bit(), FloatFormat.builtIns().subList(0, 4), "8-bit formats first");
        assertEquals(10, FloatFormat.builtIns().size());
    }

    // ---------------------------------------------------------------------------------------------
    // parse

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.fp8sim.datapath.format.FloatFormat#builtIns")
    void parseReturnsTheBuiltInForItsName(FloatFormat f) {
        assertSame(f, FloatFormat.parse(f.name()));
        assertSame(f, FloatFormat.parse(" " + f.name().toUpperCase(Locale.ROOT) + " "), "case and blanks ignored");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("builtInAliases")
    void parseReturnsTheBuiltInForAGenericNameWithItsParameters(String name, FloatFormat builtIn) {
        assertSame(builtIn, FloatFormat.parse(name));
    }

    static Stream<Arguments> builtInAliases() {
        return Stream.of(
                Arguments.of("e4m3fn", FloatFormat.E4M3),
                Arguments.of("e4m3b7fn", FloatFormat.E4M3),
                Arguments.of("e5m2b15", FloatFormat.E5M2),
                Arguments.of("e5m2b16fnuz", FloatFormat.E5M2FNUZ),
                Arguments.of("e4m3b8fnuz", FloatFormat.E4M3FNUZ),
                Arguments.of("e5m10", FloatFormat.FP16),
                Arguments.of("e8m7", FloatFormat.BF16),
                Arguments.of("e8m23", FloatFormat.FP32));
    }

    @Test
    void parseBuildsGenericFormatsWithDefaultBiases() {
        FloatFormat e3m4 = FloatFormat.parse("e3m4");
        assertEquals(List.of(3, 4, 3, Specials.IEEE), fields(e3m4), "IEEE bias 2^(X-1)-1");
        FloatFormat e2m1fn = FloatFormat.parse("e2m1fn");
        assertEquals(List.of(2, 1, 1, Specials.FN), fields(e2m1fn));
        FloatFormat e4m3fnuz = FloatFormat.parse("e5m3fnuz");
        assertEquals(List.of(5, 3, 16, Specials.FNUZ), fields(e4m3fnuz), "fnuz bias 2^(X-1)");
        FloatFormat e4m3b11fnuz = FloatFormat.parse("e4m3b11fnuz");
        assertEquals(List.of(4, 3, 11, Specials.FNUZ), fields(e4m3b11fnuz), "explicit bias");
        // Published figures: ml_dtypes float8_e4m3b11fnuz max 30 = 1.875 * 2^4, min subnormal 2^-13;
        // ml_dtypes float8_e3m4 (IEEE-like) max 15.5 = 1.9375 * 2^3, min subnormal 2^-6.
        assertEquals(30.0, e4m3b11fnuz.maxFinite(), "e4m3b11fnuz max");
        assertEquals(0x1p-13, e4m3b11fnuz.minSubnormal(), "e4m3b11fnuz min subnormal");
        assertEquals(15.5, e3m4.maxFinite(), "e3m4 max");
        assertEquals(0x1p-6, e3m4.minSubnormal(), "e3m4 min subnormal");
    }

    @Test
    void e2m1fnSpendsItsTopCodeOnNaN() {
        FloatFormat f = FloatFormat.parse("e2m1fn");
        // fn: only S.11.1 is NaN, so S.11.0 = 2^(3-1) = 4 is the max finite (OCP MX's E2M1, without NaN, reaches 6)
        assertTrue(f.isNaN(0x7) && f.isNaN(0xF));
        assertEquals(4f, f.decode(0x6));
        assertEquals(0x6, f.maxFiniteCode());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "fp8", "e5m2x", "E5M2FNX", "e4", "m3", "e4m", "5m2", "e5m2b", "e5m2bfnuz",
            "e4m3uz", "float8", "e-1m2", "e4m-3", "e1m2", "e9m2", "e4m24", "e2m0", "E2M0", "e4m3b200",
            "e4m3b99999", "e99999999999m2"})
    void parseRejectsGarbageNamingIt(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatFormat.parse(bad));
        String message = e.getMessage();
        assertTrue(message != null && !message.contains("\n"), "one-line message: " + message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains(bad.trim().toLowerCase(Locale.ROOT)),
                "message names '" + bad + "': " + message);
    }

    @Test
    void parseOfNullIsRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatFormat.parse(null));
        assertTrue(e.getMessage().contains("eXmY"), e.getMessage());
    }

    @Test
    void everyGenericFormatTheSpecAllowsParsesAndAgreesWithTheOracle() {
        // ARCHITECTURE.md: any eXmY, X in 2..8, Y in 0..10, with IEEE-like specials (Y >= 1), plus fn / fnuz.
        List<String> wrong = new ArrayList<>();
        for (int x = 2; x <= 8; x++) {
            for (int y = 0; y <= 10; y++) {
                for (String suffix : new String[] {"", "fn", "fnuz"}) {
                    if (suffix.isEmpty() && y == 0 || x == 8 && suffix.equals("fn")) {
                        continue;   // IEEE needs a mantissa bit for NaN; e8 fn reaches 2^128 (see below)
                    }
                    String name = "e" + x + "m" + y + suffix;
                    FloatFormat f;
                    try {
                        f = FloatFormat.parse(name);
                    } catch (IllegalArgumentException e) {
                        wrong.add(name + " rejected: " + e.getMessage());
                        continue;
                    }
                    if (f.expBits() != x || f.manBits() != y) {
                        wrong.add(name + " parsed as " + fields(f));
                    }
                    if (f.maxFiniteCode() != ExactOracle.maxFiniteCode(f)) {
                        wrong.add(name + " max finite code " + f.maxFiniteCode());
                    }
                    if (codeCount(f) <= 4096) {
                        for (int code = 0; code < codeCount(f); code++) {
                            String problem = decodeProblem(f, code);
                            if (problem != null) {
                                wrong.add(name + " " + f.formatCode(code) + ": " + problem);
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void e8FnWithTheDefaultBiasIsRejectedBecauseItsTopBinadeExceedsFp32() {
        // fn gives the all-ones exponent to finite values: e8m3fn would reach 1.75 * 2^128 > FP32 max.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatFormat.parse("e8m3fn"));
        assertTrue(e.getMessage().contains("e8m3fn") && e.getMessage().contains("FP32"), e.getMessage());
        assertEquals(List.of(8, 3, 128, Specials.FN), fields(FloatFormat.parse("e8m3b128fn")), "a larger bias fits");
    }

    @Test
    void formatCodePrintsUpperCaseHexOfTheFormatsWidth() {
        assertEquals("0x7B", FloatFormat.E5M2.formatCode(0x7B));
        assertEquals("0x0A", FloatFormat.E4M3.formatCode(0x0A));
        assertEquals("0x7C00", FloatFormat.FP16.formatCode(0x7C00));
        assertEquals("0x00000001", FloatFormat.FP32.formatCode(1));
    }

    // ---------------------------------------------------------------------------------------------

    /** Null when {@code code} decodes, is classified and is recognised as the oracle says; else what is wrong. */
    private static String decodeProblem(FloatFormat f, int code) {
        ExactOracle.Kind kind = ExactOracle.kind(f, code);
        boolean negative = ExactOracle.isNegative(f, code);
        float decoded = f.decode(code);
        FloatClass cls = f.classify(code);
        if (f.isNaN(code) != (kind == ExactOracle.Kind.NAN)) {
            return "isNaN " + f.isNaN(code) + ", oracle " + kind;
        }
        if (f.isInfinite(code) != (kind == ExactOracle.Kind.INFINITE)) {
            return "isInfinite " + f.isInfinite(code) + ", oracle " + kind;
        }
        switch (kind) {
            case NAN -> {
                boolean quiet = f.specials() != Specials.IEEE || ((code >> (f.manBits() - 1)) & 1) == 1;
                FloatClass want = quiet ? FloatClass.QUIET_NAN : FloatClass.SIGNALING_NAN;
                if (!Float.isNaN(decoded)) {
                    return "NaN code decodes to " + decoded;
                }
                return cls == want ? null : "class " + cls + ", expected " + want;
            }
            case INFINITE -> {
                float want = negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                if (decoded != want) {
                    return "decodes to " + decoded + ", expected " + want;
                }
                String label = (negative ? "-" : "+") + "inf";
                return cls.label().equals(label) ? null : "class " + cls.label() + ", expected " + label;
            }
            case FINITE -> {
                BigDecimal v = ExactOracle.value(f, code);
                if (Float.isNaN(decoded) || Float.isInfinite(decoded) || new BigDecimal(decoded).compareTo(v) != 0) {
                    return "decodes to " + decoded + ", oracle " + v.toPlainString();
                }
                if ((Float.floatToRawIntBits(decoded) < 0) != negative) {
                    return "decoded sign is wrong: " + decoded;
                }
                BigDecimal a = v.abs();
                String label = (negative ? "-" : "+") + (a.signum() == 0 ? "zero"
                        : a.compareTo(ExactOracle.minNormal(f)) < 0 ? "subnormal" : "normal");
                return cls.label().equals(label) ? null : "class " + cls.label() + ", expected " + label;
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static Set<Integer> nanCodes(FloatFormat f) {
        Set<Integer> s = new TreeSet<>();
        IntStream.range(0, codeCount(f)).filter(f::isNaN).forEach(s::add);
        return s;
    }

    private static Set<Integer> infiniteCodes(FloatFormat f) {
        Set<Integer> s = new TreeSet<>();
        IntStream.range(0, codeCount(f)).filter(f::isInfinite).forEach(s::add);
        return s;
    }

    /** Number of codes of a format of at most 31 bits. */
    private static int codeCount(FloatFormat f) {
        return 1 << (1 + f.expBits() + f.manBits());
    }

    private static List<Object> fields(FloatFormat f) {
        return List.of(f.expBits(), f.manBits(), f.bias(), f.specials());
    }
}
