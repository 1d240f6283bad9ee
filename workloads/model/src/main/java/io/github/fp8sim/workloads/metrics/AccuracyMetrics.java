package io.github.fp8sim.workloads.metrics;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * How far a test tensor (an FP8 run) is from a reference tensor (the FP32 run). Sums are in double in
 * increasing index order; values follow IEEE arithmetic, so a NaN in either tensor gives a NaN metric.
 */
public final class AccuracyMetrics {

    private AccuracyMetrics() {}

    /**
     * Signal-to-quantization-noise ratio in dB: {@code 10 log10(sum x^2 / sum (x - y)^2)} for reference
     * {@code x} and test {@code y}; {@code +Infinity} when the two are equal (no noise), {@code -Infinity}
     * for a zero reference with noise.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double sqnrDb(FloatTensor reference, FloatTensor test) {
        sameShape(reference, test);
        return sqnrDb(reference.data(), test.data());
    }

    /** {@link #sqnrDb(FloatTensor, FloatTensor)} on flat arrays of equal length. */
    public static double sqnrDb(float[] reference, float[] test) {
        sameLength(reference, test);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double x = reference[i];
            double d = x - test[i];
            signal += x * x;
            noise += d * d;
        }
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10.0 * StrictMath.log10(signal / noise);
    }

    /**
     * The largest {@code |y - x| / |x|} over elements whose reference {@code x} is not zero; 0 when there are none.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double maxRelativeError(FloatTensor reference, FloatTensor test) {
        sameShape(reference, test);
        return maxRelativeError(reference.data(), test.data());
    }

    /** {@link #maxRelativeError(FloatTensor, FloatTensor)} on flat arrays of equal length. */
    public static double maxRelativeError(float[] reference, float[] test) {
        sameLength(reference, test);
        double max = 0;
        for (int i = 0; i < reference.length; i++) {
            double x = reference[i];
            if (x != 0) {
                double e = Math.abs(test[i] - x) / Math.abs(x);
                if (Double.isNaN(e)) {
                    return e;
                }
                max = Math.max(max, e);
            }
        }
        return max;
    }

    /**
     * The fraction of rows of {@code [N, C]} logits where the test's argmax is the reference's argmax (ties go
     * to the lower class index).
     *
     * @throws IllegalArgumentException if the shapes differ or are not rank 2
     */
    public static double top1Agreement(FloatTensor reference, FloatTensor test) {
        return topKAgreement(reference, test, 1);
    }

    /** The fraction of rows where the reference's argmax is among the test's 5 highest logits (ties: lower index first). */
    public static double top5Agreement(FloatTensor reference, FloatTensor test) {
        return topKAgreement(reference, test, 5);
    }

    /**
     * The fraction of rows of {@code [N, C]} logits where the reference's argmax ranks among the test's
     * {@code k} highest. The order is descending value with ties broken by the lower index; a NaN ranks
     * below every number.
     *
     * @throws IllegalArgumentException if the shapes differ or are not rank 2, or {@code k < 1}
     */
    public static double topKAgreement(FloatTensor reference, FloatTensor test, int k) {
        sameShape(reference, test);
        if (reference.shape().rank() != 2) {
            throw new IllegalArgumentException("logits must be [N, C], got " + reference.shape());
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int rows = reference.shape().dim(0);
        int classes = reference.shape().dim(1);
        int agree = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int target = argmax(reference.data(), base, classes);
            if (rank(test.data(), base, classes, target) < k) {
                agree++;
            }
        }
        return (double) agree / rows;
    }

    /** The index (from 0) of the first highest value of {@code v[base .. base + n)}: a row's predicted class or token. */
    public static int argmax(float[] v, int base, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (before(v[base + j], j, v[base + best], best)) {
                best = j;
            }
        }
        return best;
    }

    /** How many entries of the row come before entry {@code target} in the ranking order. */
    private static int rank(float[] v, int base, int n, int target) {
        int ahead = 0;
        for (int j = 0; j < n; j++) {
            if (j != target && before(v[base + j], j, v[base + target], target)) {
                ahead++;
            }
        }
        return ahead;
    }

    /** True when value {@code a} at index {@code i} ranks before {@code b} at {@code j}: higher, or equal and lower index. */
    private static boolean before(float a, int i, float b, int j) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) ? Float.isNaN(b) && i < j : true;
        }
        return a > b || (a == b && i < j);
    }

    private static void sameShape(FloatTensor a, FloatTensor b) {
        TensorShape sa = a.shape();
        if (!sa.equals(b.shape())) {
            throw new IllegalArgumentException("reference " + sa + " and test " + b.shape() + " differ in shape");
        }
    }

    private static void sameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("reference has " + a.length + " values, test " + b.length);
        }
    }
}
