package io.github.fp8sim.datapath.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The OCP MX v1.0 FP4 and FP6 element formats (section 5.3), code by code against values written here
 * from the spec's definition: sign x 2^(e - bias) x (1 + m/2^M) for e > 0, sign x 2^(1 - bias) x m/2^M
 * for e = 0, no Inf and no NaN, plus the spec's literal figures (max, min normal, min subnormal).
 */
class MxElementFormatTest {

    /** E2M1's 8 magnitudes as listed in the spec's table: 0, 0.5, 1, 1.5, 2, 3, 4, 6. */
    private static final double[] E2M1_MAGNITUDES = {0, 0.5, 1, 1.5, 2, 3, 4, 6};

    /** The spec's definition, computed here independently of FloatFormat. */
    private static double specValue(int e, int m, int bias, int code) {
        int mBits = code & ((1 << m) - 1);
        int eBits = (code >> m) & ((1 << e) - 1);
        double sign = ((code >> (e + m)) & 1) == 1 ? -1 : 1;
        double mag = eBits == 0
                ? Math.pow(2, 1 - bias) * mBits / (1 << m)
                : Math.pow(2, eBits - bias) * (1 + (double) mBits / (1 << m));
        return sign * mag;
    }

    private static void checkAllCodes(FloatFormat f, int e, int m, int bias) {
        assertEquals(e, f.expBits());
        assertEquals(m, f.manBits());
        assertEquals(bias, f.bias());
        for (int code = 0; code < (1 << (1 + e + m)); code++) {
            double want = specValue(e, m, bias, code);
            float got = f.decode(code);
            assertFalse(f.isNaN(code), f.formatCode(code) + " is a number");
            assertFalse(f.isInfinite(code), f.formatCode(code) + " is finite");
            assertEquals(Double.doubleToRawLongBits(want == 0 && code != 0 ? -0.0 : want),
                    Double.doubleToRawLongBits(got), f.name() + " " + f.formatCode(code));
            assertEquals(0, ExactOracle.value(f, code).compareTo(new BigDecimal(want)), "oracle " + f.formatCode(code));
        }
    }

    @Test
    void e2m1EveryCode() {
        FloatFormat f = FloatFormat.parse("e2m1");
        assertSame(FloatFormat.E2M1, f, "the built-in name wins over the IEEE-like eXmY rule");
        checkAllCodes(f, 2, 1, 1);
        for (int code = 0; code < 16; code++) {
            double want = (code >= 8 ? -1 : 1) * E2M1_MAGNITUDES[code & 7];
            assertEquals(want, f.decode(code), "spec table " + f.formatCode(code));
        }
        assertEquals(6.0, f.maxFinite());
        assertEquals(1.0, f.minNormal());
        assertEquals(0.5, f.minSubnormal());
        assertEquals(2, f.maxExponent());
    }

    @Test
    void e2m3EveryCode() {
        FloatFormat f = FloatFormat.parse("E2M3");
        assertSame(FloatFormat.E2M3, f);
        checkAllCodes(f, 2, 3, 1);
        assertEquals(7.5, f.maxFinite());
        assertEquals(1.0, f.minNormal());
        assertEquals(0.125, f.minSubnormal());
        assertEquals(7.5, f.decode(0x1F));
        assertEquals(-7.5, f.decode(0x3F));
        assertEquals(2, f.maxExponent());
    }

    @Test
    void e3m2EveryCode() {
        FloatFormat f = FloatFormat.parse("e3m2");
        assertSame(FloatFormat.E3M2, f);
        checkAllCodes(f, 3, 2, 3);
        assertEquals(28.0, f.maxFinite());
        assertEquals(0.25, f.minNormal());
        assertEquals(0.0625, f.minSubnormal());
        assertEquals(28.0, f.decode(0x1F));
        assertEquals(-28.0, f.decode(0x3F));
        assertEquals(4, f.maxExponent());
    }

    @Test
    void finiteOnlyFormatsSaturateAndHaveNoSpecials() {
        for (FloatFormat f : new FloatFormat[] {FloatFormat.E2M1, FloatFormat.E2M3, FloatFormat.E3M2}) {
            assertFalse(f.hasInfinity());
            assertFalse(f.hasNaN());
            assertEquals(f.magnitudeMask(), f.maxFiniteCode());
            assertEquals(FloatClass.NEGATIVE_ZERO, f.classify(f.signMask()));
        }
    }

    @Test
    void nanInputsBecomePlusZeroFlaggedInvalid() {
        for (FloatFormat f : new FloatFormat[] {FloatFormat.E2M1, FloatFormat.E2M3, FloatFormat.E3M2}) {
            for (int bits : new int[] {0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001}) {
                for (io.github.fp8sim.datapath.round.Overflow o : io.github.fp8sim.datapath.round.Overflow.values()) {
                    long r = io.github.fp8sim.datapath.round.Converter.f32ToFormat(
                            io.github.fp8sim.datapath.round.QuantSpec.of(f, io.github.fp8sim.datapath.round.Rounding.RNE, o), 0, bits);
                    assertEquals(0, io.github.fp8sim.datapath.round.Converter.code(r), f + " NaN");
                    assertEquals(io.github.fp8sim.datapath.round.FpFlags.INVALID,
                            io.github.fp8sim.datapath.round.Converter.flags(r), f + " NaN is invalid");
                }
            }
        }
    }

    @Test
    void otherNamesStayIeeeLike() {
        assertEquals(Specials.IEEE, FloatFormat.parse("e2m2").specials());
        assertEquals(Specials.FN, FloatFormat.parse("e2m1fn").specials());
    }
}
