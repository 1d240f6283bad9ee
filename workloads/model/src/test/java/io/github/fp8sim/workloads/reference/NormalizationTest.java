package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** batchnorm, layernorm, softmax and cross-entropy on values worked by hand. */
class NormalizationTest {

    private static FloatTensor vector(float... v) {
        return FloatTensor.of(TensorShape.of(v.length), v);
    }

    @Test
    void batchNormUsesTheRunningStatisticsPerChannel() {
        // Channel 0: mean 1, var 3.75, gamma 2, beta 1; channel 1: mean 2, var 0, gamma 0.5, beta -1. With eps 0.25
        // the standard deviations are exactly 2 and 0.5.
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 2, 1, 2), 3, 5, 2.5f, 1);
        FloatTensor y = ReferenceExecutor.apply(new BatchNorm(0.25), x, vector(2, 0.5f), vector(1, -1), vector(1, 2),
                vector(3.75f, 0));
        // Channel 0: (3-1)/2*2+1 = 3, (5-1)/2*2+1 = 5. Channel 1: (2.5-2)/0.5*0.5-1 = -0.5, (1-2)/0.5*0.5-1 = -2.
        assertArrayEquals(new float[] {3, 5, -0.5f, -2}, y.data());
    }

    @Test
    void batchNormRepeatsTheChannelsOverTheBatch() {
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 2), 1, 1, 1, 1);
        FloatTensor y = ReferenceExecutor.apply(new BatchNorm(1e-5), x, vector(1, 1), vector(0, 10), vector(0, 0),
                vector(1, 1));
        float expected = (float) (1 / Math.sqrt(1 + 1e-5));
        assertArrayEquals(new float[] {expected, expected + 10, expected, expected + 10}, y.data(), 1e-6f);
    }

    @Test
    void layerNormByHand() {
        // Row [1, 3]: mean 2, biased variance 1, eps 3 -> sqrt 2; normalised [-0.5, 0.5]; gamma [2, 4], beta 1 -> [0, 3].
        // Row [5, 5]: variance 0 -> normalised [0, 0] -> beta.
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 2), 1, 3, 5, 5);
        FloatTensor y = ReferenceExecutor.apply(new LayerNorm(3), x, vector(2, 4), vector(1, 1));
        assertArrayEquals(new float[] {0, 3, 1, 1}, y.data());
    }

    @Test
    void layerNormWithASmallEps() {
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 4), 1, 2, 3, 4);
        FloatTensor y = ReferenceExecutor.apply(new LayerNorm(1e-5), x, vector(1, 1, 1, 1), vector(0, 0, 0, 0));
        // mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        double s = Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new float[] {(float) (-1.5 / s), (float) (-0.5 / s), (float) (0.5 / s), (float) (1.5 / s)},
                y.data(), 1e-7f);
    }

    @Test
    void softmaxOfOneTwoThree() {
        FloatTensor y = ReferenceExecutor.apply(new Softmax(-1), vector(1, 2, 3));
        // e^k / (e + e^2 + e^3).
        assertArrayEquals(new float[] {0.09003057317038046f, 0.24472847105479764f, 0.6652409557748219f}, y.data());
    }

    @Test
    void softmaxSubtractsTheMaximum() {
        // Without the shift e^1000 overflows; with it the result is softmax([1, 2, 3]) exactly.
        FloatTensor big = ReferenceExecutor.apply(new Softmax(0), vector(1000, 1001, 1002));
        assertArrayEquals(ReferenceExecutor.apply(new Softmax(0), vector(1, 2, 3)).data(), big.data());
    }

    @Test
    void softmaxAlongTheFirstAxis() {
        // Columns [0, ln 3] -> [1/4, 3/4] and [5, 5] -> [1/2, 1/2].
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 2), 0, 5, (float) Math.log(3), 5);
        FloatTensor y = ReferenceExecutor.apply(new Softmax(0), x);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 0.5f}, y.data(), 1e-7f);
    }

    @Test
    void softmaxGivesMaskedEntriesZero() {
        FloatTensor y = ReferenceExecutor.apply(new Softmax(-1), vector(2, Float.NEGATIVE_INFINITY, 2));
        assertArrayEquals(new float[] {0.5f, 0, 0.5f}, y.data());
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihood() {
        // Row 0: uniform over 4 classes -> ln 4. Row 1: logits [ln 3, 0, 0, 0], label 0 -> -ln(3 / 6) = ln 2.
        FloatTensor logits = FloatTensor.of(TensorShape.of(2, 4), 0, 0, 0, 0, (float) Math.log(3), 0, 0, 0);
        FloatTensor loss = ReferenceExecutor.apply(new CrossEntropy(), logits, vector(2, 0));
        assertEquals(TensorShape.SCALAR, loss.shape());
        assertEquals((Math.log(4) + Math.log(2)) / 2, loss.data()[0], 1e-6);
    }

    @Test
    void crossEntropyRejectsALabelOutOfRange() {
        FloatTensor logits = FloatTensor.of(TensorShape.of(1, 3), 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> ReferenceExecutor.apply(new CrossEntropy(), logits, vector(3)));
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceExecutor.apply(new CrossEntropy(), logits, vector(0.5f)));
    }

    @Test
    void crossEntropyLeavesRowsWithTheIgnoredLabelOutOfTheMean() {
        // Row 0 (label 0): ln 4 as above. Row 1 has the ignored label 3: the mean is over row 0 alone.
        FloatTensor logits = FloatTensor.of(TensorShape.of(2, 4), 0, 0, 0, 0, 9, -9, 4, 1);
        assertEquals(Math.log(4), ReferenceExecutor.apply(new CrossEntropy(3), logits, vector(0, 3)).data()[0], 1e-6);
        assertEquals(0f, ReferenceExecutor.apply(new CrossEntropy(3), logits, vector(3, 3)).data()[0],
                "no counted row: loss 0, not NaN");
    }
}
