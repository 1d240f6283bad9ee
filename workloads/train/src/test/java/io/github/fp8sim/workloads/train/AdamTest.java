package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Adam against Kingma and Ba's algorithm as torch.optim.Adam states it, computed by hand in double:
 * <pre>
 * g' = g + wd * w
 * m = beta1 * m + (1 - beta1) * g';      v = beta2 * v + (1 - beta2) * g'^2
 * w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * (eps outside the square root of the bias-corrected v: PyTorch's placement, not TensorFlow's).
 */
class AdamTest {

    /** Variants of the reference: PyTorch's formula, and two wrong ones the tests must tell apart from it. */
    private enum Variant { PYTORCH, NO_BIAS_CORRECTION, TENSORFLOW_EPS }

    /** The reference in double, t = 1..steps; returns {weights, m, v}. */
    private static double[][] reference(double[] w0, double[][] grads, double lr, double b1, double b2, double eps,
                                        double wd, Variant variant) {
        double[] w = w0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int t = 1; t <= grads.length; t++) {
            double bc1 = variant == Variant.NO_BIAS_CORRECTION ? 1 : 1 - Math.pow(b1, t);
            double bc2 = variant == Variant.NO_BIAS_CORRECTION ? 1 : 1 - Math.pow(b2, t);
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i] + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double step = variant == Variant.TENSORFLOW_EPS
                        ? lr * Math.sqrt(bc2) / bc1 * m[i] / (Math.sqrt(v[i]) + eps)
                        : lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps);
                // The stored weight is a float: round after each step, as the master copy does.
                w[i] = (float) (w[i] - step);
            }
        }
        return new double[][] {w, m, v};
    }

    /**
     * Dyadic first step: lr 1/4, beta1 1/2, beta2 3/4, eps 2, g 2, w 1. m = 1, v = 1/4 * 4 = 1,
     * m-hat = 1 / (1/2) = 2, v-hat = 1 / (1/4) = 4, u = 1/4 * 2 / (2 + 2) = 1/8, so w = 7/8 exactly.
     * (beta1 = 1/2 makes PyTorch's lerp weight 1/2, its second branch.)
     */
    @Test
    void dyadicFirstStepIsExact() {
        Adam adam = new Adam(0.25, 0.5, 0.75, 2, 0);
        MasterWeights w = MasterWeights.fp32(0, new float[] {1f, -1f});
        AdamState state = adam.newState(2);
        adam.step(w, new float[] {2f, -2f}, state, 0);
        assertArrayEquals(new float[] {0.875f, -0.875f}, w.values());
        assertArrayEquals(new float[] {1f, -1f}, state.firstMoment());
        assertArrayEquals(new float[] {1f, 1f}, state.secondMoment());
        assertEquals(1, state.steps());
    }

    /** The first bias-corrected step is lr * g / (|g| + eps): about lr in the gradient's direction. */
    @Test
    void firstStepIsAboutLrTimesTheGradientsSign() {
        Adam adam = Adam.withDefaults(1e-3);
        MasterWeights w = MasterWeights.fp32(0, new float[] {0f, 0f, 0f});
        adam.step(w, new float[] {1e-6f, -3f, 50f}, adam.newState(3), 0);
        assertEquals(-1e-3 * 1e-6 / (1e-6 + 1e-8), w.value(0), 1e-9);
        assertEquals(1e-3, w.value(1), 1e-9);
        assertEquals(-1e-3, w.value(2), 1e-9);
    }

    @Test
    void defaultsTrackTheDoubleReferenceOverSeveralSteps() {
        float[] w = check(1e-3, 0.9, 0.999, 1e-8, 0, 10);
        // The tolerance resolves the bias correction: without it the steps are up to 10x smaller.
        assertFarFrom(reference(W0, G, 1e-3, 0.9, 0.999, 1e-8, 0, Variant.NO_BIAS_CORRECTION)[0], w);
    }

    /**
     * A large eps and weight decay make their placement visible: TensorFlow's eps (added to sqrt(v) before
     * the bias correction) and dropping the decay both land outside the tolerance.
     */
    @Test
    void epsAndWeightDecayFollowPyTorch() {
        float[] w = check(1e-2, 0.8, 0.99, 0.1, 0.05, 6);
        double[][] grads = Arrays.copyOf(G, 6);
        assertFarFrom(reference(W0, grads, 1e-2, 0.8, 0.99, 0.1, 0, Variant.PYTORCH)[0], w);
        assertFarFrom(reference(W0, grads, 1e-2, 0.8, 0.99, 0.1, 0.05, Variant.TENSORFLOW_EPS)[0], w);
    }

    private static final int N = 32;
    private static final double[] W0 = new double[N];
    private static final double[][] G = new double[10][N];

    static {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < N; i++) {
            W0[i] = (float) random.nextDouble(-1, 1);
            for (double[] step : G) {
                step[i] = (float) random.nextDouble(-0.5, 0.5);
            }
        }
    }

    /** Runs Adam for {@code steps} of G from W0, checks weights and moments against the reference, returns the weights. */
    private static float[] check(double lr, double b1, double b2, double eps, double wd, int steps) {
        float[] w0 = new float[N];
        for (int i = 0; i < N; i++) {
            w0[i] = (float) W0[i];
        }
        double[][] grads = Arrays.copyOf(G, steps);
        Adam adam = new Adam(lr, b1, b2, eps, wd);
        MasterWeights w = MasterWeights.fp32(0, w0);
        AdamState state = adam.newState(N);
        for (int t = 0; t < steps; t++) {
            float[] g = new float[N];
            for (int i = 0; i < N; i++) {
                g[i] = (float) grads[t][i];
            }
            adam.step(w, g, state, t);
        }
        double[][] expected = reference(W0, grads, lr, b1, b2, eps, wd, Variant.PYTORCH);
        float[] m = state.firstMoment();
        float[] v = state.secondMoment();
        for (int i = 0; i < N; i++) {
            // Each step's float update is within a few ulps of the double one; the stored weights then
            // differ by at most one float ulp of 1 (1.2e-7) per step.
            assertEquals(expected[0][i], w.value(i), TOLERANCE_PER_STEP * steps, "weight " + i);
            assertEquals(expected[1][i], m[i], 1e-6, "m " + i);
            assertEquals(expected[2][i], v[i], 1e-6 * expected[2][i], "v " + i);
        }
        return w.values();
    }

    private static final double TOLERANCE_PER_STEP = 1.2e-7;

    /** Some weight differs from the alternative by ten times the largest tolerance used. */
    private static void assertFarFrom(double[] alternative, float[] actual) {
        double largest = 0;
        for (int i = 0; i < actual.length; i++) {
            largest = Math.max(largest, Math.abs(alternative[i] - actual[i]));
        }
        assertTrue(largest > 10 * TOLERANCE_PER_STEP * G.length, "the alternative is only " + largest + " away");
    }

    @Test
    void stepCountOnlyAdvancesWithSteps() {
        Adam adam = Adam.withDefaults(1e-3);
        AdamState state = adam.newState(1);
        MasterWeights w = MasterWeights.fp32(0, new float[1]);
        adam.step(w, new float[] {1f}, state, 0);
        // A skipped training step (loss scaling) calls nothing; the next step is t = 2.
        adam.step(w, new float[] {1f}, state, 2);
        assertEquals(2, state.steps());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, -0.1, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, 0.999, -1, 0));
        Adam adam = Adam.withDefaults(1e-3);
        MasterWeights w = MasterWeights.fp32(0, new float[2]);
        assertThrows(IllegalArgumentException.class,
                () -> adam.step(w, new float[2], new Sgd(0.1, 0, 0, false).newState(2), 0));
    }
}
