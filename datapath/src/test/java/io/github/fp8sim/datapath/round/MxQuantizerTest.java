package io.github.fp8sim.datapath.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.round.MxQuantizer.ScaleRule;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MxQuantizer} against an oracle written here from the four MX rules (ARCHITECTURE.md section 2)
 * in exact arithmetic: BigDecimal block values, the scale exponent found by search over exact powers of
 * two, and each element converted by {@link ExactOracle#convertValue} from the exact quotient V_i / 2^x.
 */
public class MxQuantizerTest {

    private static final int R = 8;

    /** The oracle's answer: the scale code and the element codes. */
    public record Expected(int scale, int[] codes) {
    }

    public static Expected oracle(FloatFormat f, ScaleRule rule, Rounding rounding, float[] block, int[] random) {
        int n = block.length;
        int[] codes = new int[n];
        // 1. NaN or Inf anywhere: scale NaN (element codes unspecified; the simulator writes 0)
        for (float v : block) {
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                return new Expected(0xFF, codes);
            }
        }
        BigDecimal amax = BigDecimal.ZERO;
        for (float v : block) {
            amax = amax.max(new BigDecimal(Math.abs(v)));
        }
        int x;
        if (amax.signum() == 0) {
            x = -127;                                                   // 2.
        } else {
            BigDecimal maxFinite = ExactOracle.maxFinite(f);
            int emaxE = ExactOracle.floorLog2(maxFinite);
            int floorLog2 = ExactOracle.floorLog2(amax);
            if (rule == ScaleRule.FLOOR) {
                x = floorLog2 - emaxE;                                  // 3. floor
            } else {
                // 3. rceil: the least integer x with amax / 2^x <= maxFinite, by search
                x = floorLog2 - emaxE - 3;
                while (amax.compareTo(maxFinite.multiply(ExactOracle.pow2(x))) > 0) {
                    x++;
                }
            }
            x = Math.max(-127, Math.min(127, x));
        }
        for (int i = 0; i < n; i++) {
            boolean negative = Float.floatToRawIntBits(block[i]) < 0;
            BigDecimal q = new BigDecimal(Math.abs(block[i])).divide(ExactOracle.pow2(x));   // exact: a power of two
            codes[i] = ExactOracle.convertValue(f, NanPolicy.MLDTYPES, rounding, Overflow.SATURATE, R,
                    rounding == Rounding.SR ? random[i] : 0, negative, q).code();
        }
        return new Expected(x + 127, codes);
    }

    private static void check(FloatFormat f, ScaleRule rule, Rounding rounding, float[] block, int[] random, String what) {
        MxQuantizer mx = new MxQuantizer(f, rule, rounding, R);
        Expected want = oracle(f, rule, rounding, block, random);
        byte[] got = new byte[block.length + 2];
        int scale = mx.quantizeBlock(block, 0, block.length, random, 0, got, 1);
        String label = f + " " + rule.cliName() + " " + rounding.cliName() + " " + what + " " + Arrays.toString(block);
        assertEquals(want.scale(), scale, label + ": scale");
        assertEquals(0, got[0]);
        assertEquals(0, got[block.length + 1]);
        for (int i = 0; i < block.length; i++) {
            assertEquals(want.codes()[i], got[i + 1] & 0xFF, label + ": element " + i);
        }
    }

    static Stream<Arguments> formatsAndRules() {
        return MxQuantizer.ELEMENT_FORMATS.stream().flatMap(f -> Stream.of(ScaleRule.values())
                .flatMap(r -> Stream.of(Rounding.RNE, Rounding.SR).map(m -> Arguments.of(f, r, m))));
    }

    private static int[] randoms(SplittableRandom rnd, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = rnd.nextInt(1 << R);
        }
        return r;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("formatsAndRules")
    void edgeCases(FloatFormat f, ScaleRule rule, Rounding rounding) {
        SplittableRandom rnd = new SplittableRandom(14);
        float below1 = Math.nextDown(1f);
        float[][] blocks = {
            {0f, -0f, 0f, -0f},                                            // all zero: scale 0x00, signed zeros
            {1f, Float.NaN, 2f},                                           // NaN: scale 0xFF
            {1f, Float.NEGATIVE_INFINITY, 2f},                             // Inf: scale 0xFF
            {Float.POSITIVE_INFINITY},
            {4f, 1f, -3f, 0.001f},                                         // amax a power of two
            {-4f, 3.999f, 0.5f},
            {below1, 0.75f, -0.5f, 1e-3f},                                 // amax just below one
            {below1},
            {Float.MIN_VALUE, -Float.MIN_VALUE, 0f},                       // scale clamped at -127
            {1e-40f, 3e-41f, -Float.MIN_NORMAL},
            {1.9f, 1.99f, -1.999f, 1f},                                    // floor: elements saturate
            {Math.nextDown(2f), 1.5f, 1.75f},
            {Float.MAX_VALUE, -Float.MAX_VALUE, 1f, Float.MIN_VALUE},      // largest scales, tiny elements underflow
            {65504f, 448f, 6f, 7.5f, 28f, 57344f},
            {1e-20f},                                                      // a short block of one
        };
        for (float[] b : blocks) {
            check(f, rule, rounding, b, randoms(rnd, b.length), "edge");
        }
        MxQuantizer mx = new MxQuantizer(f, rule, rounding, R);
        assertEquals(0, mx.scaleCode(new float[] {0f, -0f}, 0, 2));
        assertEquals(0xFF, mx.scaleCode(new float[] {1f, Float.NaN}, 0, 2));
        assertEquals(0, mx.scaleCode(new float[] {Float.MIN_VALUE}, 0, 1), "clamped at -127");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("formatsAndRules")
    void randomBlocks(FloatFormat f, ScaleRule rule, Rounding rounding) {
        SplittableRandom rnd = new SplittableRandom(0x14L * 31 + f.name().hashCode() + rule.ordinal() * 7 + rounding.ordinal());
        for (int t = 0; t < 400; t++) {
            int k = t % 5 == 0 ? 1 + rnd.nextInt(32) : 32;               // some short (last) blocks
            int center = rnd.nextInt(-140, 120);
            int spread = rnd.nextInt(1, t % 3 == 0 ? 40 : 10);
            float[] b = new float[k];
            for (int i = 0; i < k; i++) {
                int e = Math.max(-149, Math.min(127, center + rnd.nextInt(-spread, spread + 1)));
                float v = (float) Math.scalb(1.0 + rnd.nextDouble(), e);
                if (rnd.nextInt(16) == 0) {
                    v = 0f;
                }
                b[i] = rnd.nextBoolean() ? -v : v;
            }
            check(f, rule, rounding, b, randoms(rnd, k), "random #" + t);
        }
    }

    @Test
    void rceilNeverSaturatesAnUnclampedBlockAndFloorMaySaturate() {
        float[] b = {1.99f, 0.5f};
        byte[] out = new byte[2];
        assertEquals(127 - 8, new MxQuantizer(FloatFormat.E4M3, ScaleRule.FLOOR, Rounding.RNE, R).quantizeBlock(b, 0, 2, null, 0, out, 0));
        assertEquals(0x7E, out[0], "1.99 * 2^8 = 509.4 saturates to 448");
        assertEquals(127 - 7, new MxQuantizer(FloatFormat.E4M3, ScaleRule.RCEIL, Rounding.RNE, R).quantizeBlock(b, 0, 2, null, 0, out, 0));
        assertEquals(0x78, out[0], "1.99 * 2^7 = 254.7 rounds to 256 (0x78)");
    }

    @Test
    void e8m0ScaleValuesAndRefusals() {
        for (int c = 0; c < 255; c++) {
            assertEquals(new BigDecimal(MxQuantizer.scaleValue(c)), ExactOracle.pow2(c - 127), "E8M0 " + c);
        }
        assertTrue(Double.isNaN(MxQuantizer.scaleValue(0xFF)));
        assertEquals(Math.scalb(1.0, -127), MxQuantizer.scaleValue(0), "no zero: code 0 is 2^-127");
        assertThrows(IllegalArgumentException.class, () -> new MxQuantizer(FloatFormat.FP16, ScaleRule.FLOOR, Rounding.RNE, R));
        assertThrows(IllegalArgumentException.class, () -> new MxQuantizer(FloatFormat.E4M3, ScaleRule.FLOOR, Rounding.RZ, R));
        assertEquals(ScaleRule.RCEIL, ScaleRule.parse("RCEIL"));
        assertThrows(IllegalArgumentException.class, () -> ScaleRule.parse("ceil"));
    }
}
