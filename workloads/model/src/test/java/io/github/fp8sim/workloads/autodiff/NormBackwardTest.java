package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.backward;
import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Batch norm (both modes), layer norm, softmax and cross-entropy gradients, by hand and by their invariants. */
class NormBackwardTest {

    private static final double TINY_EPS = 1e-12;

    /** x [N = 2, C = 2]: channel 0 holds {1, 3} (mean 2, biased variance 1), channel 1 holds {2, 6} (mean 4, variance 4). */
    private static final FloatTensor TWO_BY_TWO = t(new int[] {2, 2}, 1, 2, 3, 6);

    @Test
    void trainingForwardNormalisesWithTheBatchStatistics() {
        BatchNormTraining.Result r = BatchNormTraining.forward(TWO_BY_TWO, t(new int[] {2}, 1, 1), t(new int[] {2}, 0, 0),
                TINY_EPS);
        assertArrayEquals(new float[] {-1, -1, 1, 1}, r.output().data());
        assertArrayEquals(new float[] {2, 4}, r.mean().data());
        assertArrayEquals(new float[] {1, 0.5f}, r.invStd().data(), 1e-6f);
        // Bessel's correction: 2 values, so the unbiased variance is twice the biased one.
        assertArrayEquals(new float[] {2, 8}, r.unbiasedVar().data());
    }

    @Test
    void runningStatisticsMoveOneTenthOfTheWayToTheBatch() {
        BatchNormTraining.Result r = BatchNormTraining.forward(TWO_BY_TWO, t(new int[] {2}, 1, 1), t(new int[] {2}, 0, 0),
                TINY_EPS);
        // Running mean 0 -> 0.1 * [2, 4]; running variance 1 -> 0.9 + 0.1 * [2, 8].
        assertArrayEquals(new float[] {0.2f, 0.4f},
                BatchNormTraining.updateRunning(t(new int[] {2}, 0, 0), r.mean()).data());
        assertArrayEquals(new float[] {1.1f, 1.7f},
                BatchNormTraining.updateRunning(t(new int[] {2}, 1, 1), r.unbiasedVar()).data());
    }

    @Test
    void trainingGradientVanishesWhenTheBatchHasTwoValuesPerChannel() {
        // Two values normalise to -1 and +1 whatever they are, so the output does not depend on x: a backward that
        // left out the paths through the batch mean and variance would give dy gamma invStd here instead of 0.
        FloatTensor dy = t(new int[] {2, 2}, 1, 2, 3, 5);
        List<FloatTensor> g = BatchNormTraining.backward(TWO_BY_TWO, t(new int[] {2}, 1.5f, 1), dy, TINY_EPS);
        assertArrayEquals(new float[] {0, 0, 0, 0}, g.get(0).data(), 1e-6f);
        // dGamma = sum dy xhat with xhat = [-1, +1] per channel; dBeta = sum dy.
        assertArrayEquals(new float[] {2, 3}, g.get(1).data(), 1e-6f);
        assertArrayEquals(new float[] {4, 7}, g.get(2).data());
    }

    @Test
    void trainingInputGradientIsOrthogonalToTheMeanAndTheNormalisedInput() {
        FloatTensor x = TestValues.uniform(1, 2, 4, 3, 2, 2);
        FloatTensor dy = TestValues.uniform(2, 1, 4, 3, 2, 2);
        FloatTensor dx = BatchNormTraining.backward(x, t(new int[] {3}, 1, 2, 0.5f), dy, 1e-5).get(0);
        FloatTensor xhat = BatchNormTraining.forward(x, t(new int[] {3}, 1, 1, 1), t(new int[] {3}, 0, 0, 0), 1e-5).output();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double dot = 0;
            double scale = 0;
            for (int n = 0; n < 4; n++) {
                for (int j = 0; j < 4; j++) {
                    int i = (n * 3 + c) * 4 + j;
                    sum += dx.data()[i];
                    dot += dx.data()[i] * xhat.data()[i];
                    scale += Math.abs(dx.data()[i]);
                }
            }
            assertTrue(Math.abs(sum) < 1e-5 * scale, "channel " + c + ": sum of dX " + sum);
            assertTrue(Math.abs(dot) < 1e-4 * scale, "channel " + c + ": dX . xhat " + dot);
        }
    }

    @Test
    void trainingNeedsMoreThanOneValuePerChannel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchNormTraining.forward(
                t(new int[] {1, 2}, 1, 2), t(new int[] {2}, 1, 1), t(new int[] {2}, 0, 0), 1e-5));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    }

    @Test
    void inferenceGradientScalesByTheRunningStatisticsAndLeavesThemWithoutGradient() {
        // gamma [2, 3], running variance [3.75, 0] with eps 0.25: standard deviations 2 and 0.5.
        BatchNorm bn = new BatchNorm(0.25);
        List<FloatTensor> in = List.of(t(new int[] {1, 2}, 3, 2.5f), t(new int[] {2}, 2, 3), t(new int[] {2}, 0, 0),
                t(new int[] {2}, 1, 2), t(new int[] {2}, 3.75f, 0));
        List<FloatTensor> g = Backward.apply(bn, in, Forward.apply(bn, in, Phase.INFERENCE),
                List.of(t(new int[] {1, 2}, 1, 1)), Phase.INFERENCE);
        assertArrayEquals(new float[] {1, 6}, g.get(0).data()); // gamma / std
        assertArrayEquals(new float[] {1, 1}, g.get(1).data()); // (x - mean) / std
        assertArrayEquals(new float[] {1, 1}, g.get(2).data());
        assertNull(g.get(3));
        assertNull(g.get(4));
    }

    @Test
    void layerNormInputGradientSumsToZeroAlongEachRow() {
        FloatTensor x = TestValues.uniform(3, 2, 3, 6);
        FloatTensor dx = backward(new LayerNorm(1e-5), TestValues.uniform(4, 1, 3, 6), x, TestValues.between(5, 0.5, 2, 6),
                TestValues.uniform(6, 1, 6)).get(0);
        for (int row = 0; row < 3; row++) {
            double sum = 0;
            double scale = 0;
            for (int j = 0; j < 6; j++) {
                sum += dx.data()[row * 6 + j];
                scale += Math.abs(dx.data()[row * 6 + j]);
            }
            assertTrue(Math.abs(sum) < 1e-5 * scale, "row " + row + ": " + sum);
        }
    }

    @Test
    void softmaxGradientByHand() {
        // softmax([0, 0]) = [1/2, 1/2]; dy = [1, 0]: dx_i = y_i (dy_i - 1/2).
        assertArrayEquals(new float[] {0.25f, -0.25f},
                backward(new Softmax(-1), t(new int[] {2}, 1, 0), t(new int[] {2}, 0, 0)).get(0).data());
    }

    @Test
    void softmaxGradientSumsToZeroAlongTheSoftmaxAxisOnly() {
        FloatTensor dx = backward(new Softmax(1), TestValues.uniform(7, 1, 2, 4, 3), TestValues.uniform(8, 2, 2, 4, 3))
                .get(0);
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int i = 0; i < 4; i++) {
                    sum += dx.data()[(n * 4 + i) * 3 + k];
                }
                assertEquals(0, sum, 1e-6, "line (" + n + ", ., " + k + ")");
            }
        }
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverTheRowsTimesTheUpstreamGradient() {
        // Equal logits in each row: p = 1/2 everywhere; labels 0 and 1; N = 2; upstream 8.
        CrossEntropy ce = new CrossEntropy();
        List<FloatTensor> in = List.of(t(new int[] {2, 2}, 0, 0, 5, 5), t(new int[] {2}, 0, 1));
        List<FloatTensor> g = Backward.apply(ce, in, Forward.apply(ce, in, Phase.TRAINING), List.of(t(new int[0], 8)));
        assertArrayEquals(new float[] {-2, 2, 2, -2}, g.get(0).data());
        assertNull(g.get(1));
    }

    @Test
    void crossEntropyGivesIgnoredRowsNoGradientAndCountsOnlyTheRest() {
        // Three rows, the middle one padding (label 0 ignored): N = 2, so each counted row's share is upstream / 2.
        CrossEntropy ce = new CrossEntropy(0);
        List<FloatTensor> in = List.of(t(new int[] {3, 2}, 0, 0, 7, -3, 5, 5), t(new int[] {3}, 1, 0, 1));
        List<FloatTensor> g = Backward.apply(ce, in, Forward.apply(ce, in, Phase.TRAINING), List.of(t(new int[0], 8)));
        assertArrayEquals(new float[] {2, -2, 0, 0, 2, -2}, g.get(0).data());
    }

    @Test
    void crossEntropyWithAnIgnoredRowMatchesFiniteDifferences() {
        CrossEntropy ce = new CrossEntropy(2);
        float[] logits = {0.3f, -1.2f, 0.8f, 2.0f, 0.1f, -0.4f, 1.5f, -2.2f, 0.6f};
        FloatTensor labels = t(new int[] {3}, 1, 2, 0);
        List<FloatTensor> g = Backward.apply(ce, List.of(t(new int[] {3, 3}, logits), labels),
                Forward.apply(ce, List.of(t(new int[] {3, 3}, logits), labels), Phase.TRAINING), List.of(t(new int[0], 1)));
        for (int i = 0; i < logits.length; i++) {
            double h = 1e-2;
            float[] up = logits.clone();
            float[] down = logits.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double fd = (Forward.apply(ce, List.of(t(new int[] {3, 3}, up), labels), Phase.TRAINING).get(0).data()[0]
                    - Forward.apply(ce, List.of(t(new int[] {3, 3}, down), labels), Phase.TRAINING).get(0).data()[0])
                    / (up[i] - down[i]);
            assertEquals(fd, g.get(0).data()[i], 2e-3, "logit " + i);
        }
    }
}
