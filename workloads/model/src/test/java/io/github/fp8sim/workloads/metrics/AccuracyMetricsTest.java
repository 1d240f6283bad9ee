package io.github.fp8sim.workloads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.tensor.TensorShape;

/** The metrics against closed forms and constructed logits. */
class AccuracyMetricsTest {

    private static FloatTensor vector(float... v) {
        return FloatTensor.of(TensorShape.of(v.length), v);
    }

    @Test
    void sqnrOfASquareWaveWithKnownNoise() {
        // x = +-A, noise = +-d (all exact in float): SQNR = 10 log10(n A^2 / (n d^2)) = 20 log10(A / d).
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 2 == 0 ? 8 : -8;
            y[i] = x[i] + (i % 3 == 0 ? 0.5f : -0.5f);
        }
        assertEquals(20 * Math.log10(16), AccuracyMetrics.sqnrDb(x, y), 1e-12);
        assertEquals(24.08239965311849, AccuracyMetrics.sqnrDb(vector(x), vector(y)), 1e-12);
    }

    @Test
    void sqnrOfASineWithUniformNoise() {
        // A full-period sine of amplitude A has mean square A^2 / 2; noise of +-d has mean square d^2.
        int n = 4096;
        double a = 3;
        double d = 1e-3;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (a * Math.sin(2 * Math.PI * 8 * i / n));
            y[i] = x[i] + (float) (i % 2 == 0 ? d : -d);
        }
        assertEquals(10 * Math.log10(a * a / 2 / (d * d)), AccuracyMetrics.sqnrDb(x, y), 1e-3);
    }

    @Test
    void sqnrLimits() {
        assertEquals(Double.POSITIVE_INFINITY, AccuracyMetrics.sqnrDb(vector(1, -2), vector(1, -2)));
        assertEquals(Double.NEGATIVE_INFINITY, AccuracyMetrics.sqnrDb(vector(0, 0), vector(0, 1)));
        // Signal 6^2 + 8^2 = 100, noise 1: 20 dB.
        assertEquals(20, AccuracyMetrics.sqnrDb(vector(6, 8), vector(7, 8)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> AccuracyMetrics.sqnrDb(vector(1), vector(1, 2)));
    }

    @Test
    void maxRelativeErrorSkipsZeroReferences() {
        // |2.5 - 2| / 2 = 0.25; the zero reference is skipped; -4 vs -3 is 0.25 too; 10 vs 11 is 0.1.
        assertEquals(0.25, AccuracyMetrics.maxRelativeError(vector(2, 0, -4, 10), vector(2.5f, 1, -3, 11)), 1e-12);
        assertEquals(0.0, AccuracyMetrics.maxRelativeError(vector(0, 0), vector(1, 2)));
        assertEquals(Double.NaN, AccuracyMetrics.maxRelativeError(vector(1, 2), vector(Float.NaN, 2)));
    }

    @Test
    void topOneAndTopFiveOnConstructedLogits() {
        TensorShape shape = TensorShape.of(4, 7);
        FloatTensor reference = FloatTensor.of(shape,
                0, 9, 0, 0, 0, 0, 0,   // argmax 1
                0, 0, 9, 0, 0, 0, 0,   // argmax 2
                9, 0, 0, 0, 0, 0, 0,   // argmax 0
                0, 0, 0, 0, 0, 0, 9);  // argmax 6
        FloatTensor test = FloatTensor.of(shape,
                1, 5, 2, 3, 4, 0, 0,   // argmax 1: top-1 and top-5 agree
                0, 9, 8, 1, 1, 1, 1,   // class 2 is second: top-5 only
                9, 8, 7, 6, 5, 4, 3,   // class 0 first: both
                1, 2, 3, 4, 5, 6, 0);  // class 6 is last: neither
        assertEquals(0.5, AccuracyMetrics.top1Agreement(reference, test));
        assertEquals(0.75, AccuracyMetrics.top5Agreement(reference, test));
    }

    @Test
    void tiesGoToTheLowerIndex() {
        TensorShape shape = TensorShape.of(2, 7);
        // Reference ties in both rows: argmax is the first 9, class 5 in row 0 and class 6 in row 1.
        FloatTensor reference = FloatTensor.of(shape,
                0, 0, 0, 0, 0, 9, 9,
                0, 0, 0, 0, 0, 0, 9);
        // Test rows of equal logits from class 1 on: class 5 ranks 5th (after 1..4), class 6 ranks 6th.
        FloatTensor test = FloatTensor.of(shape,
                0, 7, 7, 7, 7, 7, 7,
                0, 7, 7, 7, 7, 7, 7);
        assertEquals(0.5, AccuracyMetrics.top5Agreement(reference, test));
        assertEquals(0.0, AccuracyMetrics.top1Agreement(reference, test));
        // Identical tied rows: the test's argmax is its first 9 too.
        assertEquals(1.0, AccuracyMetrics.top1Agreement(reference, reference));
    }

    @Test
    void topKNeedsMatchingRank2Logits() {
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyMetrics.top1Agreement(vector(1, 2), vector(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> AccuracyMetrics.top1Agreement(
                FloatTensor.zeros(TensorShape.of(2, 3)), FloatTensor.zeros(TensorShape.of(3, 2))));
    }
}
