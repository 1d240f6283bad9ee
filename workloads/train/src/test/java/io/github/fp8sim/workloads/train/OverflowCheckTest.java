package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.datapath.format.FloatFormat;

/** What makes a step overflow: Inf, NaN, or a magnitude above the target format's max finite value. */
class OverflowCheckTest {

    private static final OverflowCheck E5M2 = OverflowCheck.above(FloatFormat.E5M2);
    private static final OverflowCheck E4M3 = OverflowCheck.above(FloatFormat.E4M3);

    @Test
    void limitsAreTheFormatsMaxFinite() {
        assertEquals(57344f, E5M2.limit());
        assertEquals(448f, E4M3.limit());
        assertEquals(Float.MAX_VALUE, OverflowCheck.nonFinite().limit());
    }

    @Test
    void infAndNanAlwaysOverflow() {
        float[] nans = {Float.NaN, Float.intBitsToFloat(0x7F80_0001), Float.intBitsToFloat(0xFFC0_1234)};
        for (OverflowCheck check : new OverflowCheck[] {E5M2, E4M3, OverflowCheck.nonFinite()}) {
            assertTrue(check.found(new float[] {1f, Float.POSITIVE_INFINITY}));
            assertTrue(check.found(new float[] {Float.NEGATIVE_INFINITY, 1f}));
            for (float nan : nans) {
                assertTrue(check.found(new float[] {0f, nan, 0f}), check + " " + Integer.toHexString(Float.floatToRawIntBits(nan)));
            }
            assertFalse(check.found(new float[] {0f, -0f, 1f, -1f}));
        }
        assertFalse(OverflowCheck.nonFinite().found(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE}));
    }

    /** Strictly above max finite, before rounding: 57344.004 overflows though RNE would round it to 57344. */
    @Test
    void magnitudesAboveMaxFiniteOverflow() {
        assertFalse(E5M2.found(new float[] {57344f, -57344f}));
        assertTrue(E5M2.found(new float[] {Math.nextUp(57344f)}));
        assertTrue(E5M2.found(new float[] {-61439f}));
        assertFalse(E4M3.found(new float[] {448f, -448f}));
        assertTrue(E4M3.found(new float[] {-448.00003f}));
    }

    /** Every position in a long array, block boundaries included, against a plain scalar scan. */
    @Test
    void agreesWithAScalarScanAtEveryPosition() {
        int n = 3 * 4096 + 17;
        float[] values = new float[n];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-57344, 57344);
        }
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, 57345f, -1e30f};
        int[] positions = {0, 1, 4095, 4096, 4097, 8191, 8192, n - 2, n - 1};
        for (int position : positions) {
            for (float b : bad) {
                float saved = values[position];
                values[position] = b;
                assertTrue(E5M2.found(values), "value " + b + " at " + position);
                assertEquals(position, E5M2.firstIndex(values, 0, n));
                assertFalse(E5M2.found(values, 0, position), "range ends before " + position);
                assertFalse(E5M2.found(values, position + 1, n), "range starts after " + position);
                assertEquals(scalar(values, 0, n), E5M2.found(values));
                values[position] = saved;
            }
        }
        assertFalse(E5M2.found(values));
        assertEquals(-1, E5M2.firstIndex(values, 0, n));
    }

    private static boolean scalar(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Float.isNaN(v[i]) || Float.isInfinite(v[i]) || Math.abs(v[i]) > 57344f) {
                return true;
            }
        }
        return false;
    }

    @Test
    void badRangesAndLimitsAreRejected() {
        float[] values = new float[8];
        assertThrows(IndexOutOfBoundsException.class, () -> E5M2.found(values, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> E5M2.found(values, 5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> E5M2.firstIndex(values, 0, 9));
        assertThrows(IllegalArgumentException.class, () -> OverflowCheck.above(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> OverflowCheck.above(-1f));
    }
}
