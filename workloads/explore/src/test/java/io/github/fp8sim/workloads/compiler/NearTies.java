package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * A compiled layer's output against the fake-quantized reference's, which is itself rounded to E5M2:
 * the same value in every element but those whose FP32 value before the rounding sat within the FP32
 * arithmetic's difference (about 1e-6 relative) of a rounding midpoint, which may round to the
 * neighbouring code. Such near-ties are about 1e-5 of the elements (none at all in the models tested
 * today); at most 1 in 1000 elements, each one E5M2 step away, is allowed. An extra rounding of a
 * constant, an operand or the accumulator moves more elements than that, and a wrong layout, broadcast
 * or constant far more, where an SQNR bound lets a few hundred moved codes pass.
 */
final class NearTies {

    private NearTies() {
    }

    static void assertSameButNearTies(String what, FloatTensor want, FloatTensor got) {
        float[] w = want.data();
        float[] g = got.data();
        assertTrue(w.length == g.length && want.shape().equals(got.shape()), what + ": shapes " + want.shape() + " and "
                + got.shape());
        int differ = 0;
        for (int i = 0; i < w.length; i++) {
            if (Float.floatToRawIntBits(g[i]) == Float.floatToRawIntBits(w[i])) {
                continue;
            }
            differ++;
            double step = MachineHarness.e5m2Spacing(Math.max(Math.abs(w[i]), Math.abs(g[i])));
            assertTrue(Math.abs(g[i] - (double) w[i]) <= step, what + "[" + i + "]: machine " + g[i] + ", reference " + w[i]
                    + " (more than one E5M2 step apart)");
        }
        assertTrue(differ <= w.length / 1000, what + ": " + differ + " of " + w.length + " elements differ from the reference");
    }
}
