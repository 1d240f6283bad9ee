package io.github.fp8sim.workloads.train;

import java.util.Objects;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * Scans FP32 values for what makes dynamic loss scaling skip a step: an Inf or NaN, or a magnitude
 * above a format's max finite value (an FP8 overflow found before conversion). The test is
 * {@code !(|x| <= limit)}, true for NaN.
 *
 * <p>"Above max finite" is a property of the FP32 value, independent of the rounding that follows: a
 * value slightly above max finite may still round down to it under RNE (e5m2 RNE overflows only from
 * 61440, ARCHITECTURE.md section 2), but it is reported here, as is any value SR could round beyond
 * the format's range.
 *
 * <p>Immutable and thread-safe; the scans allocate nothing. {@link #found} takes the maximum of
 * {@code |x|} over blocks of 4096 values (a reduction C2 vectorises; {@code Math.max} propagates NaN)
 * and stops at the first block that overflows.
 */
public final class OverflowCheck {

    private static final int BLOCK = 4096;

    private final float limit;

    private OverflowCheck(float limit) {
        if (!(limit >= 0) || !Float.isFinite(limit)) {
            throw new IllegalArgumentException("an overflow limit must be a finite number >= 0, got " + limit);
        }
        this.limit = limit;
    }

    /** Finds only Inf and NaN. */
    public static OverflowCheck nonFinite() {
        return new OverflowCheck(Float.MAX_VALUE);
    }

    /** Finds Inf, NaN and magnitudes above {@code format}'s max finite value (e5m2: 57344, e4m3: 448). */
    public static OverflowCheck above(FloatFormat format) {
        return new OverflowCheck((float) format.maxFinite());
    }

    /** Finds Inf, NaN and magnitudes above {@code limit}. */
    public static OverflowCheck above(float limit) {
        return new OverflowCheck(limit);
    }

    /** The largest magnitude that is not an overflow. */
    public float limit() {
        return limit;
    }

    /** True if any value overflows. */
    public boolean found(float[] values) {
        return found(values, 0, values.length);
    }

    /**
     * True if any of {@code values[from .. to)} overflows.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public boolean found(float[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        int i = from;
        while (i < to) {
            int end = Math.min(to, i + BLOCK);
            float max = 0f;
            for (; i < end; i++) {
                max = Math.max(max, Math.abs(values[i]));
            }
            if (!(max <= limit)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of the first value in {@code values[from .. to)} that overflows, or -1: for diagnostics.
     *
     * @throws IndexOutOfBoundsException if the range is outside the array
     */
    public int firstIndex(float[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        for (int i = from; i < to; i++) {
            if (!(Math.abs(values[i]) <= limit)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "overflow above " + limit;
    }
}
