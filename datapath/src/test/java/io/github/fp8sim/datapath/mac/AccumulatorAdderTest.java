package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The narrow accumulator's adder, {@code round_acc(x + y)}: the exact sum rounded once (RNE, overflow
 * to Inf), checked against {@link ExactOracle}'s BigDecimal rounding, which shares no code with it.
 */
class AccumulatorAdderTest {

    private static final int CASES = 10_000;

    static Stream<FloatFormat> accumulatorFormats() {
        return Stream.of(FloatFormat.FP16, FloatFormat.BF16, FloatFormat.FP32, FloatFormat.E5M2, FloatFormat.E4M3,
                FloatFormat.E5M2FNUZ, FloatFormat.parse("e8m3"), FloatFormat.parse("e6m9"));
    }

    /** What the contract gives, from the exact BigDecimal sum. */
    static int expectedBits(FloatFormat f, float x, float y) {
        if (Float.isNaN(x + y)) {
            return 0x7FC0_0000;                              // a NaN operand or Inf - Inf; compared as "is NaN"
        }
        ExactOracle.Result r;
        if (Float.isInfinite(x) || Float.isInfinite(y)) {
            r = ExactOracle.convertInfinity(f, NanPolicy.MLDTYPES, Overflow.INF, x + y < 0);
        } else {
            BigDecimal sum = new BigDecimal(x).add(new BigDecimal(y));
            // An exact zero sum is +0 under RNE unless both operands are -0 (IEEE 754 6.3).
            boolean negative = sum.signum() < 0
                    || sum.signum() == 0 && Float.floatToRawIntBits(x) < 0 && Float.floatToRawIntBits(y) < 0;
            r = ExactOracle.convertValue(f, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0, negative, sum.abs());
        }
        return toF32Bits(f, r.code());
    }

    private static int toF32Bits(FloatFormat f, int code) {
        return switch (ExactOracle.kind(f, code)) {
            case NAN -> 0x7FC0_0000;
            case INFINITE -> ExactOracle.isNegative(f, code) ? 0xFF80_0000 : 0x7F80_0000;
            case FINITE -> {
                float v = ExactOracle.value(f, code).floatValue();      // exact: every format value fits FP32
                yield Float.floatToRawIntBits(v == 0 && ExactOracle.isNegative(f, code) ? -0.0f : v);
            }
        };
    }

    private static void assertAdds(FloatFormat f, float x, float y) {
        int expected = expectedBits(f, x, y);
        int actual = Float.floatToRawIntBits(new AccumulatorAdder(f).add(x, y));
        String what = String.format("%s: %s + %s (0x%08X + 0x%08X)", f, x, y, Float.floatToRawIntBits(x),
                Float.floatToRawIntBits(y));
        if (expected == 0x7FC0_0000) {
            assertTrue(Float.isNaN(Float.intBitsToFloat(actual)), what + " should be NaN");
        } else {
            assertEquals(expected, actual, what);
        }
    }

    /** An operand the array feeds its adder: an accumulator-format value, an FP8 product, or any float. */
    private static float operand(SplittableRandom rnd, FloatFormat f, float other) {
        switch (rnd.nextInt(8)) {
            case 0, 1 -> {
                if (f.totalBits() > 16) {
                    return Float.intBitsToFloat(rnd.nextInt() & 0xFF7F_FFFF | (rnd.nextInt(1, 255) << 23));
                }
                int code;
                do {
                    code = rnd.nextInt(1 << f.totalBits());
                } while (f.isNaN(code) || f.isInfinite(code));
                return f.decode(code);
            }
            case 2, 3 -> {
                FloatFormat fa = rnd.nextBoolean() ? FloatFormat.E5M2 : FloatFormat.E4M3;
                FloatFormat fb = rnd.nextBoolean() ? FloatFormat.E5M2 : FloatFormat.E4M3;
                float p;
                do {
                    p = fa.decode(rnd.nextInt(256)) * fb.decode(rnd.nextInt(256));
                } while (!Float.isFinite(p));
                return p;
            }
            case 4 -> {
                return -other;                                           // exact cancellation
            }
            case 5 -> {
                return -other * (1 + (rnd.nextBoolean() ? 1 : -1) * (float) Math.scalb(1.0, -rnd.nextInt(1, 24)));
            }
            case 6 -> {
                int bits = rnd.nextInt();
                // Any finite float; an all-ones exponent is cleared to 0x7F (a normal, huge value).
                return Float.intBitsToFloat((bits & 0x7F80_0000) == 0x7F80_0000 ? bits & 0xBFFF_FFFF : bits);
            }
            default -> {
                float[] special = {0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                    Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE};
                return special[rnd.nextInt(special.length)];
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accumulatorFormats")
    void roundsTheExactSumOnce(FloatFormat f) {
        SplittableRandom rnd = new SplittableRandom(0xADD + f.hashCode());
        for (int i = 0; i < CASES; i++) {
            float x = operand(rnd, f, 1.0f);
            float y = operand(rnd, f, x);
            assertAdds(f, x, y);
            assertAdds(f, y, x);
        }
    }

    @Test
    void namedVectors() {
        // 2^15 + 2^4 is the FP16 midpoint between 2^15 and 2^15 + 2^5: RNE goes to the even 2^15; a hair
        // above (+ 2^-24) goes up.
        assertAdds(FloatFormat.FP16, 32768.0f, 16.0f);
        assertEquals(32768.0f, new AccumulatorAdder(FloatFormat.FP16).add(32768.0f, 16.0f));
        assertEquals(32800.0f, new AccumulatorAdder(FloatFormat.FP16).add(32784.0f, 0x1p-24f));
        // FP16 RNE overflow: 65504 + 16 = 65520 is the midpoint between 65504 (odd significand) and 2^16, so it
        // rounds to 2^16, beyond max finite: Inf. 65504 + 15 is below the midpoint and stays.
        assertEquals(Float.POSITIVE_INFINITY, new AccumulatorAdder(FloatFormat.FP16).add(65504.0f, 16.0f));
        assertEquals(65504.0f, new AccumulatorAdder(FloatFormat.FP16).add(65504.0f, 15.0f));
        // Exact cancellation gives +0; -0 + -0 stays -0; a format without -0 (fnuz) gives +0.
        assertEquals(0x0000_0000, Float.floatToRawIntBits(new AccumulatorAdder(FloatFormat.BF16).add(-3.0f, 3.0f)));
        assertEquals(0x8000_0000, Float.floatToRawIntBits(new AccumulatorAdder(FloatFormat.BF16).add(-0.0f, -0.0f)));
        assertEquals(0x0000_0000,
                Float.floatToRawIntBits(new AccumulatorAdder(FloatFormat.E5M2FNUZ).add(-0.0f, -0.0f)));
        // Inf - Inf is NaN; a format without Inf overflows to NaN.
        assertTrue(Float.isNaN(new AccumulatorAdder(FloatFormat.FP16)
                .add(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(new AccumulatorAdder(FloatFormat.E4M3).add(448.0f, 32.0f)));
    }

    /**
     * Why the sum is not formed in a double: a double sum is itself rounded once the operands' bits span
     * more than 53 places, and rounding that again is only safe when both operands are on the accumulator's
     * grid. An FP32 preload (bias) need not be on the BF16 grid, nor an e4m3 product on an e8m3 grid.
     */
    @Test
    void doubleRoundingCasesTheDoubleShortcutWouldGetWrong() {
        // BF16, preload 2^22 + 2^14 (the midpoint between BF16 neighbours 2^22 and 2^22 + 2^15) plus the
        // e5m2 product 2^-16 * 2^-16 = 2^-32: the exact sum is above the midpoint and rounds up to
        // 2^22 + 2^15. In a double the 2^-32 falls off (55 bits), leaving the midpoint, which RNE takes to
        // the even 2^22.
        float preload = 0x1p22f + 0x1p14f;
        float product = 0x1p-32f;
        assertEquals(0x1p22f + 0x1p15f, new AccumulatorAdder(FloatFormat.BF16).add(preload, product));
        assertEquals(0x1p22f, roundViaDouble(FloatFormat.BF16, preload, product));
        assertAdds(FloatFormat.BF16, preload, product);
        // e8m3 (4-bit significand), e4m3 product 1.5 * 0.875 = 1.3125 = 1.0101b, the midpoint of 1.25 and
        // 1.375, plus 2^-100: exact rounds up to 1.375, the double shortcut gives 1.25.
        FloatFormat e8m3 = FloatFormat.parse("e8m3");
        assertEquals(1.375f, new AccumulatorAdder(e8m3).add(0x1p-100f, 1.3125f));
        assertEquals(1.25f, roundViaDouble(e8m3, 0x1p-100f, 1.3125f));
    }

    private static float roundViaDouble(FloatFormat f, float x, float y) {
        double d = (double) x + (double) y;
        ExactOracle.Result r = ExactOracle.convertValue(f, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.INF, 8, 0,
                d < 0, new BigDecimal(Math.abs(d)));
        return Float.intBitsToFloat(toF32Bits(f, r.code()));
    }
}
