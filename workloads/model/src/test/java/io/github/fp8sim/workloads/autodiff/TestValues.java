package io.github.fp8sim.workloads.autodiff;

import java.util.Random;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Seeded test data on the grid of multiples of {@link #QUANTUM}, so that a finite-difference step of
 * {@link GradientCheck#STEP} (or twice it) moves a value exactly, with no rounding of the perturbed input.
 */
final class TestValues {

    /** Every generated value is a multiple of 2^-10. */
    static final double QUANTUM = 0x1p-10;

    private TestValues() {}

    /** Values in {@code [-bound, bound]} on the grid. */
    static FloatTensor uniform(long seed, double bound, int... dims) {
        Random r = new Random(seed);
        float[] v = new float[size(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = grid(bound * (2 * r.nextDouble() - 1));
        }
        return new FloatTensor(TensorShape.of(dims), v);
    }

    /** Values in {@code [low, high]} on the grid (variances, scales). */
    static FloatTensor between(long seed, double low, double high, int... dims) {
        Random r = new Random(seed);
        float[] v = new float[size(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = grid(low + (high - low) * r.nextDouble());
        }
        return new FloatTensor(TensorShape.of(dims), v);
    }

    /** Magnitudes in {@code [min, max]} with random signs: no value near a kink at 0. */
    static FloatTensor awayFromZero(long seed, double min, double max, int... dims) {
        Random r = new Random(seed);
        float[] v = new float[size(dims)];
        for (int i = 0; i < v.length; i++) {
            double m = min + (max - min) * r.nextDouble();
            v[i] = grid(r.nextBoolean() ? m : -m);
        }
        return new FloatTensor(TensorShape.of(dims), v);
    }

    /**
     * Distinct values {@code (k - n/2) spacing} for k a random permutation of {@code 0..n-1}: with a spacing above
     * four finite-difference steps no perturbation changes which value of a window is the largest.
     */
    static FloatTensor distinct(long seed, double spacing, int... dims) {
        Random r = new Random(seed);
        int n = size(dims);
        int[] k = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = k[i];
            k[i] = k[j];
            k[j] = t;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = grid((k[i] - n / 2) * spacing);
        }
        return new FloatTensor(TensorShape.of(dims), v);
    }

    /** Integers in {@code [0, n)} held in floats (ids, labels). */
    static FloatTensor indices(long seed, int n, int... dims) {
        Random r = new Random(seed);
        float[] v = new float[size(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(n);
        }
        return new FloatTensor(TensorShape.of(dims), v);
    }

    /** The tensor of {@code shape} holding {@code values}. */
    static FloatTensor of(int[] dims, float... values) {
        return FloatTensor.of(TensorShape.of(dims), values);
    }

    private static float grid(double v) {
        return (float) (Math.rint(v / QUANTUM) * QUANTUM);
    }

    private static int size(int... dims) {
        return Math.toIntExact(TensorShape.of(dims).numel());
    }
}
