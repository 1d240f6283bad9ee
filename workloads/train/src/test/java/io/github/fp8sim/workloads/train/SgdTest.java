package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;

/**
 * SGD against updates computed by hand in {@code double} from torch.optim.SGD's formulas
 * (dampening 0):
 * <pre>
 * g' = g + wd * w;   v = (first step ? g' : mu * v + g');   d = nesterov ? g' + mu * v : v;   w = w - lr * d
 * </pre>
 * and rounded to float at the end. With dyadic inputs every intermediate is exact in float, so the
 * result must match to the bit; with realistic hyperparameters it matches to float rounding.
 */
class SgdTest {

    /** The reference: steps of the formula above in double; returns the weights. */
    private static double[] reference(double[] w, double[][] grads, double lr, double mu, double wd, boolean nesterov) {
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int t = 0; t < grads.length; t++) {
            for (int i = 0; i < x.length; i++) {
                double g = grads[t][i] + wd * x[i];
                v[i] = t == 0 ? g : mu * v[i] + g;
                double d = mu == 0 ? g : nesterov ? g + mu * v[i] : v[i];
                x[i] -= lr * d;
            }
        }
        return x;
    }

    private static float[] run(Sgd sgd, float[] w0, float[][] grads) {
        MasterWeights w = MasterWeights.fp32(0, w0);
        OptimizerState state = sgd.newState(w0.length);
        for (int t = 0; t < grads.length; t++) {
            sgd.step(w, grads[t], state, t);
        }
        return w.values();
    }

    private static final float[] W0 = {1f, -0.5f, 2f, 0f};
    private static final float[][] G = {{1f, -2f, 0.25f, 0.5f}, {-1f, 0.5f, 0.75f, 0f}, {2f, 1f, -0.5f, -0.25f}};

    private static float[] exactReference(double lr, double mu, double wd, boolean nesterov) {
        double[] w = new double[W0.length];
        double[][] g = new double[G.length][W0.length];
        for (int i = 0; i < W0.length; i++) {
            w[i] = W0[i];
            for (int t = 0; t < G.length; t++) {
                g[t][i] = G[t][i];
            }
        }
        double[] x = reference(w, g, lr, mu, wd, nesterov);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    @Test
    void plainSgdSubtractsLrTimesGradient() {
        // w1 = w0 - 0.5 g = {1 - 0.5, -0.5 + 1, 2 - 0.125, 0 - 0.25}
        float[] w = run(new Sgd(0.5, 0, 0, false), W0, new float[][] {G[0]});
        assertArrayEquals(new float[] {0.5f, 0.5f, 1.875f, -0.25f}, w);
    }

    @Test
    void momentumAndWeightDecayMatchTheHandComputedSteps() {
        float[] w = run(new Sgd(0.5, 0.5, 0.25, false), W0, G);
        assertArrayEquals(exactReference(0.5, 0.5, 0.25, false), w);
        // Step 1 by hand for element 0: g' = 1 + 0.25*1 = 1.25, v = 1.25, w = 1 - 0.625 = 0.375.
        assertEquals(0.375f, run(new Sgd(0.5, 0.5, 0.25, false), W0, new float[][] {G[0]})[0]);
    }

    @Test
    void nesterovMatchesTheHandComputedSteps() {
        float[] w = run(new Sgd(0.5, 0.5, 0.25, true), W0, G);
        assertArrayEquals(exactReference(0.5, 0.5, 0.25, true), w);
        // Nesterov's step differs from heavy-ball momentum from the second step on.
        assertFalse(java.util.Arrays.equals(exactReference(0.5, 0.5, 0.25, false), w));
    }

    /** lr 0.1, mu 0.9, wd 1e-4 over 20 steps: float rounding keeps the weights within 1e-5 of the double result. */
    @Test
    void realisticHyperparametersTrackTheDoubleReference() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 64;
        int steps = 20;
        float[] w0 = new float[n];
        double[] w0d = new double[n];
        float[][] g = new float[steps][n];
        double[][] gd = new double[steps][n];
        for (int i = 0; i < n; i++) {
            w0[i] = (float) random.nextDouble(-1, 1);
            w0d[i] = w0[i];
            for (int t = 0; t < steps; t++) {
                g[t][i] = (float) random.nextDouble(-1, 1);
                gd[t][i] = g[t][i];
            }
        }
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] w = run(new Sgd(0.1, 0.9, 1e-4, nesterov), w0, g);
            double[] expected = reference(w0d, gd, 0.1, 0.9, 1e-4, nesterov);
            double[] withoutDecay = reference(w0d, gd, 0.1, 0.9, 0, nesterov);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], w[i], 1e-5, "element " + i + ", nesterov " + nesterov);
            }
            // The tolerance resolves weight decay: dropping it moves some weight by more than 1e-5.
            double largest = 0;
            for (int i = 0; i < n; i++) {
                largest = Math.max(largest, Math.abs(expected[i] - withoutDecay[i]));
            }
            assertTrue(largest > 1e-5, "weight decay is visible at this tolerance: " + largest);
        }
    }

    @Test
    void firstStepMomentumBufferIsTheDecayedGradient() {
        Sgd sgd = new Sgd(0.5, 0.9, 0.25, false);
        MasterWeights w = MasterWeights.fp32(0, W0);
        SgdState state = sgd.newState(W0.length);
        assertFalse(state.hasMomentum());
        sgd.step(w, G[0], state, 0);
        assertTrue(state.hasMomentum());
        assertArrayEquals(new float[] {1.25f, -2.125f, 0.75f, 0.5f}, state.momentum());
    }

    @Test
    void theScheduleSetsEachStepsRate() {
        // lr 1, 1, 0.5, 0.5 on a gradient of 1 from 0: w = -(1 + 1 + 0.5 + 0.5) = -3.
        Sgd sgd = new Sgd(new LrSchedule.StepDecay(1, 0.5, 2), 0, 0, false);
        float[] w = run(sgd, new float[] {0f}, new float[][] {{1f}, {1f}, {1f}, {1f}});
        assertEquals(-3f, w[0]);
    }

    /** With FP16 master weights and RNE, each step's w32 is rounded to FP16 (Java's floatToFloat16 as oracle). */
    @Test
    void fp16MasterWeightsRoundEachStep() {
        Sgd sgd = new Sgd(0.1, 0.9, 0, false);
        MasterWeights w = MasterWeights.fp16(0, new float[] {1f}, MasterWeights.fp16Update(Rounding.RNE, Overflow.SATURATE), null);
        OptimizerState state = sgd.newState(1);
        float expected = 1f;
        float v = 0;
        float[] grads = {0.3f, -0.7f, 0.2f};
        for (int t = 0; t < grads.length; t++) {
            v = t == 0 ? grads[t] : 0.9f * v + grads[t];
            expected = Float.float16ToFloat(Float.floatToFloat16(expected - 0.1f * v));
            sgd.step(w, new float[] {grads[t]}, state, t);
            assertEquals(expected, w.value(0), "step " + t);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Sgd sgd = new Sgd(0.1, 0.9, 0, false);
        MasterWeights w = MasterWeights.fp32(0, new float[2]);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(w, new float[3], sgd.newState(2), 0));
        assertThrows(IllegalArgumentException.class, () -> sgd.step(w, new float[2], sgd.newState(3), 0));
        assertThrows(IllegalArgumentException.class,
                () -> sgd.step(w, new float[2], Adam.withDefaults(1e-3).newState(2), 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.9, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.NaN, 0.9, 0, false));
    }
}
