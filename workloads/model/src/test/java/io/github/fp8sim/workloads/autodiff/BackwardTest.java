package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** The contract of {@link Backward#apply}: missing gradients, modes and argument checks. */
class BackwardTest {

    @Test
    void aMissingOutputGradientCountsAsZero() {
        List<FloatTensor> in = List.of(TestValues.uniform(1, 1, 2, 3), TestValues.uniform(2, 1, 4, 3));
        List<FloatTensor> g = Backward.apply(new Linear(false), in, Forward.apply(new Linear(false), in, Phase.TRAINING),
                Arrays.asList((FloatTensor) null));
        assertEquals(FloatTensor.zeros(TensorShape.of(2, 3)), g.get(0));
        assertEquals(FloatTensor.zeros(TensorShape.of(4, 3)), g.get(1));
    }

    @Test
    void anLstmStepWithNeitherOutputGradientHasZeroGradients() {
        List<FloatTensor> in = List.of(TestValues.uniform(1, 1, 2, 3), TestValues.uniform(2, 1, 2, 2),
                TestValues.uniform(3, 1, 2, 2), TestValues.uniform(4, 1, 8, 3), TestValues.uniform(5, 1, 8, 2),
                TestValues.uniform(6, 1, 8));
        List<FloatTensor> out = Forward.apply(new LstmCell(), in, Phase.TRAINING);
        List<FloatTensor> g = Backward.apply(new LstmCell(), in, out, Arrays.asList(null, null));
        for (int i = 0; i < in.size(); i++) {
            for (float v : g.get(i).data()) {
                // Zero times a negative derivative may give -0.0: equal to 0, not the same bits.
                assertTrue(v == 0, "input " + i + ": " + v);
            }
        }
    }

    @Test
    void fillHasNoInputsAndSoNoGradients() {
        Fill f = Fill.zeros(TensorShape.of(2));
        assertEquals(List.of(), Backward.apply(f, List.of(), Forward.apply(f, List.of(), Phase.TRAINING),
                List.of(t(new int[] {2}, 1, 1))));
    }

    @Test
    void batchNormModeChoosesBatchOrRunningStatistics() {
        BatchNorm bn = new BatchNorm(1e-5);
        // Running statistics far from the batch's (mean 0, variance 1 vs the batch's mean ~2.5).
        List<FloatTensor> in = List.of(t(new int[] {4, 1}, 1, 2, 3, 4), t(new int[] {1}, 1), t(new int[] {1}, 0),
                t(new int[] {1}, 0), t(new int[] {1}, 1));
        FloatTensor dy = t(new int[] {4, 1}, 1, 1, 1, 1);
        FloatTensor training = Backward.apply(bn, in, Forward.apply(bn, in, Phase.TRAINING), List.of(dy), Phase.TRAINING)
                .get(0);
        FloatTensor inference = Backward.apply(bn, in, Forward.apply(bn, in, Phase.INFERENCE), List.of(dy),
                Phase.INFERENCE).get(0);
        // A constant dy moves every output equally, which batch statistics cancel: dX = 0. Running ones pass it on.
        assertArrayEquals(new float[] {0, 0, 0, 0}, training.data(), 1e-6f);
        assertNotEquals(0f, inference.data()[0]);
        assertEquals((float) (1 / Math.sqrt(1 + 1e-5)), inference.data()[0], 1e-7f);
    }

    @Test
    void aGradientOfTheWrongShapeIsRejected() {
        List<FloatTensor> in = List.of(TestValues.uniform(1, 1, 2, 3), TestValues.uniform(2, 1, 4, 3));
        List<FloatTensor> out = Forward.apply(new Linear(false), in, Phase.TRAINING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backward.apply(new Linear(false), in, out, List.of(TestValues.uniform(3, 1, 4, 2))));
        assertTrue(e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void aMissingGradientEntryIsRejected() {
        List<FloatTensor> in = List.of(TestValues.uniform(1, 1, 2, 3), TestValues.uniform(2, 1, 4, 3));
        List<FloatTensor> out = Forward.apply(new Linear(false), in, Phase.TRAINING);
        assertThrows(IllegalArgumentException.class, () -> Backward.apply(new Linear(false), in, out, List.of()));
    }
}
