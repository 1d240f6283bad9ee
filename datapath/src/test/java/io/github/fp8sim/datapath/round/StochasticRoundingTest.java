package io.github.fp8sim.datapath.round;

import static io.github.fp8sim.datapath.round.TestInputs.hex32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.format.Specials;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stochastic rounding from first principles (ARCHITECTURE.md section 2): for x between adjacent
 * values v(c) and v(c+1) = v(c) + q, with the top r bits of the discarded fraction F known by
 * construction, exactly F of the 2^r values of R round up (P(up) = F / 2^r, whatever lies below
 * those r bits); exact values never move; and the mean over all R of the result is x truncated to r
 * bits below the kept LSB, exactly. Checked through both {@link Converter} and the {@link Quantizer}
 * fast path.
 */
class StochasticRoundingTest {

    private static final NanPolicy ML = NanPolicy.MLDTYPES;

    /** x = v(c) + q * (F + tail) / 2^r for a tail in [0, 1), F in [0, 2^r). */
    record Point(FloatFormat format, int code, int r, int topBits, BigDecimal tail, BigDecimal x, int bits) {
        @Override
        public String toString() {
            return String.format("%s c=%s r=%d F=%d tail=%s x=%s", format, format.formatCode(code), r, topBits,
                    tail.toPlainString(), hex32(bits));
        }
    }

    /** The point, or null when x is not an FP32 value. */
    private static Point point(FloatFormat f, int code, int r, int topBits, BigDecimal tail, boolean negative) {
        BigDecimal lo = ExactOracle.value(f, code);
        BigDecimal q = ExactOracle.value(f, code + 1).subtract(lo);
        BigDecimal x = lo.add(q.multiply(new BigDecimal(topBits).add(tail)).divide(new BigDecimal(1L << r)));
        float xf = x.floatValue();
        if (new BigDecimal(xf).compareTo(x) != 0) {
            return null;
        }
        int bits = Float.floatToRawIntBits(xf) | (negative ? 0x8000_0000 : 0);
        return new Point(f, code, r, topBits, tail, negative ? x.negate() : x, bits);
    }

    static Stream<Point> points() {
        List<Point> points = new ArrayList<>();
        // e5m2: from zero into the subnormals, subnormal to normal (0x03 -> 0x04), around 1.0, across a binade
        // (0x3F 1.75 -> 0x40 2.0), below max finite (0x7A -> 0x7B); r = 4 and 8.
        addPoints(points, FloatFormat.E5M2, new int[] {0x00, 0x01, 0x03, 0x3C, 0x3F, 0x7A}, new int[] {4, 8});
        addPoints(points, FloatFormat.E4M3, new int[] {0x00, 0x07, 0x38, 0x7D}, new int[] {8});
        addPoints(points, FloatFormat.E4M3FNUZ, new int[] {0x00, 0x7E}, new int[] {8});
        // fp16 with the master-weight r = 13: 11 + 13 bits fill FP32's 24, so no tail in the normal range.
        addPoints(points, FloatFormat.FP16, new int[] {0x0000, 0x03FF, 0x3C00, 0x3FFF, 0x7BFE}, new int[] {13});
        return points.stream();
    }

    private static void addPoints(List<Point> out, FloatFormat f, int[] codes, int[] rs) {
        BigDecimal[] tails = {BigDecimal.ZERO, new BigDecimal("0.5"), BigDecimal.ONE.subtract(ExactOracle.pow2(-12)),
            ExactOracle.pow2(-12)};
        for (int code : codes) {
            for (int r : rs) {
                int top = (1 << r) - 1;
                int[] fs = {0, 1, 2, (1 << (r - 1)) - 1, 1 << (r - 1), (1 << (r - 1)) + 1, top - 1, top, (top * 5) / 7};
                for (int topBits : fs) {
                    for (BigDecimal tail : tails) {
                        for (boolean negative : new boolean[] {false, true}) {
                            Point p = point(f, code, r, topBits, tail, negative);
                            if (p != null) {
                                out.add(p);
                            } else if (tail.signum() == 0) {
                                throw new AssertionError("no FP32 value for " + f + " " + code + " F=" + topBits);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int sr(Point p, int random) {
        return Converter.code(Converter.f32ToFormat(
                new QuantSpec(p.format(), Rounding.SR, Overflow.INF, p.r(), ML), random, p.bits()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void exactlyFOfThe2PowRRandomValuesRoundUp(Point p) {
        FloatFormat f = p.format();
        int sign = p.bits() < 0 ? ExactOracle.signBit(f) : 0;
        int down = p.code() | (p.code() == 0 && f.specials() == Specials.FNUZ ? 0 : sign);
        int up = (p.code() + 1) | sign;
        Quantizer q = new Quantizer(new QuantSpec(f, Rounding.SR, Overflow.INF, p.r(), ML));
        int ups = 0;
        for (int random = 0; random < 1 << p.r(); random++) {
            int code = sr(p, random);
            assertTrue(code == down || code == up, () -> p + ": result " + f.formatCode(code) + " is neither neighbour");
            // Up exactly when F + R >= 2^r: the ups are the top F values of R.
            assertEquals(p.topBits() + random >= 1 << p.r() ? up : down, code, p + " R=" + random);
            assertEquals(code, q.quantize(p.bits(), random), p + " R=" + random + ": fast path");
            ups += code == up ? 1 : 0;
        }
        assertEquals(p.topBits(), ups, p + ": P(up) = F / 2^r");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("points")
    void meanOverAllRIsXTruncatedToRBitsBelowTheKeptLsb(Point p) {
        FloatFormat f = p.format();
        BigDecimal sum = BigDecimal.ZERO;
        for (int random = 0; random < 1 << p.r(); random++) {
            sum = sum.add(ExactOracle.value(f, sr(p, random)));
        }
        BigDecimal mean = sum.divide(new BigDecimal(1L << p.r()));
        BigDecimal lo = ExactOracle.value(f, p.code());
        BigDecimal q = ExactOracle.value(f, p.code() + 1).subtract(lo);
        BigDecimal truncated = lo.add(q.multiply(new BigDecimal(p.topBits())).divide(new BigDecimal(1L << p.r())));
        if (p.bits() < 0) {
            truncated = truncated.negate();
        }
        assertEquals(0, truncated.compareTo(mean), p + ": mean " + mean.toPlainString());
        if (p.tail().signum() == 0) {
            assertEquals(0, p.x().compareTo(mean), p + ": unbiased when x has no bits below the r");
        } else {
            assertFalse(p.x().compareTo(mean) == 0, "the tail below r bits is dropped, as the hardware does");
        }
    }

    static Stream<Arguments> formatsAndR() {
        return Stream.of(Arguments.of(FloatFormat.E5M2, 8), Arguments.of(FloatFormat.E4M3, 8),
                Arguments.of(FloatFormat.E5M2FNUZ, 8), Arguments.of(FloatFormat.E4M3FNUZ, 8),
                Arguments.of(FloatFormat.E5M2, 4), Arguments.of(FloatFormat.FP16, 13));
    }

    @ParameterizedTest(name = "{0} r={1}")
    @MethodSource("formatsAndR")
    void exactValuesNeverMoveForAnyR(FloatFormat f, int r) {
        int codes = 1 << ExactOracle.totalBits(f);
        int step = codes > 256 ? 61 : 1;
        for (Overflow o : Overflow.values()) {
            Quantizer q = new Quantizer(new QuantSpec(f, Rounding.SR, o, r, ML));
            for (int code = 0; code < codes; code += step) {
                if (ExactOracle.kind(f, code) != ExactOracle.Kind.FINITE) {
                    continue;
                }
                int bits = TestInputs.f32BitsOf(f, code);
                for (int random = 0; random < 1 << r; random++) {
                    long res = Converter.f32ToFormat(new QuantSpec(f, Rounding.SR, o, r, ML), random, bits);
                    if (Converter.code(res) != code || Converter.flags(res) != 0 || q.quantize(bits, random) != code) {
                        assertEquals(f.formatCode(code), f.formatCode(Converter.code(res)), "R=" + random);
                        assertEquals(0, Converter.flags(res), f.formatCode(code) + " R=" + random);
                        assertEquals(f.formatCode(code), f.formatCode(q.quantize(bits, random)), "fast path R=" + random);
                    }
                }
            }
        }
    }

    @Test
    void srPastMaxFiniteOverflowsForExactlyFRandomValues() {
        // e5m2: between 57344 (0x7B) and the unbounded grid's 65536; x = 57344 + 8192 * 77/256.
        int topBits = 77;
        float x = 57344f + 8192f * topBits / 256;
        int overflowInf = 0;
        int saturated = 0;
        for (int random = 0; random < 256; random++) {
            long inf = Converter.f32ToFormat(
                    new QuantSpec(FloatFormat.E5M2, Rounding.SR, Overflow.INF, 8, ML),
                    random, Float.floatToRawIntBits(x));
            long sat = Converter.f32ToFormat(
                    new QuantSpec(FloatFormat.E5M2, Rounding.SR, Overflow.SATURATE, 8, ML),
                    random, Float.floatToRawIntBits(x));
            overflowInf += Converter.code(inf) == 0x7C ? 1 : 0;
            saturated += (Converter.flags(sat) & FpFlags.SATURATED) != 0 ? 1 : 0;
            assertEquals(0x7B, Converter.code(sat), "saturate never leaves max finite");
        }
        assertEquals(topBits, overflowInf, "P(overflow) = F / 2^r");
        assertEquals(topBits, saturated);
    }

    @Test
    void fp32SubnormalInputsIntoBf16RoundUpForExactlyFRandomValues() {
        // bf16 subnormal spacing is 2^-133 = FP32 0x00010000: the low 16 bits of an FP32 subnormal are f.
        FloatFormat bf16 = FloatFormat.BF16;
        for (int low : new int[] {0x0001, 0x00FF, 0x0100, 0x8000, 0x80FF, 0xFFFF}) {
            int bits = 0x0003_0000 | low;
            int topBits = low >>> 8;   // r = 8
            int ups = 0;
            for (int random = 0; random < 256; random++) {
                int code = Converter.code(Converter.f32ToFormat(
                        new QuantSpec(bf16, Rounding.SR, Overflow.INF, 8, ML), random, bits));
                int fast = new Quantizer(new QuantSpec(bf16, Rounding.SR, Overflow.INF, 8, ML)).quantize(bits, random);
                assertEquals(code, fast, hex32(bits) + " R=" + random);
                assertTrue(code == 3 || code == 4);
                ups += code == 4 ? 1 : 0;
            }
            assertEquals(topBits, ups, hex32(bits));
        }
    }
}
