package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** Embedding, positional encoding, the causal mask, and one attention head on 2x2 matrices. */
class SequenceOpsTest {

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    @Test
    void embeddingGathersRows() {
        FloatTensor table = FloatTensor.of(TensorShape.of(3, 2), 0, 1, 10, 11, 20, 21);
        FloatTensor ids = FloatTensor.of(TensorShape.of(1, 3), 2, 0, 2);
        FloatTensor y = ReferenceExecutor.apply(new Embedding(), ids, table);
        assertEquals(TensorShape.of(1, 3, 2), y.shape());
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21}, y.data());
    }

    @Test
    void embeddingRejectsAnIdOutsideTheTable() {
        FloatTensor table = FloatTensor.of(TensorShape.of(3, 2), 0, 1, 10, 11, 20, 21);
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceExecutor.apply(new Embedding(), FloatTensor.of(TensorShape.of(1), 3), table));
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceExecutor.apply(new Embedding(), FloatTensor.of(TensorShape.of(1), -1), table));
    }

    @Test
    void positionalEncodingOfZeros() {
        // D = 4: frequencies 1 / 10000^(0/4) = 1 and 1 / 10000^(2/4) = 1/100.
        FloatTensor y = ReferenceExecutor.apply(new PositionalEncoding(), FloatTensor.zeros(TensorShape.of(2, 2, 4)));
        float[] row0 = {0, 1, 0, 1};
        float[] row1 = {(float) Math.sin(1), (float) Math.cos(1), (float) Math.sin(0.01), (float) Math.cos(0.01)};
        float[] expected = new float[16];
        for (int b = 0; b < 2; b++) {
            System.arraycopy(row0, 0, expected, b * 8, 4);
            System.arraycopy(row1, 0, expected, b * 8 + 4, 4);
        }
        assertArrayEquals(expected, y.data(), 1e-7f);
    }

    @Test
    void positionalEncodingIsAdded() {
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 1, 2), 5, -5);
        // Position 0: sin 0 = 0 and cos 0 = 1.
        assertArrayEquals(new float[] {5, -4}, ReferenceExecutor.apply(new PositionalEncoding(), x).data());
    }

    @Test
    void causalMaskHidesTheFuture() {
        FloatTensor s = FloatTensor.of(TensorShape.of(1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        FloatTensor y = ReferenceExecutor.apply(new CausalMask(), s);
        assertArrayEquals(new float[] {1, NEG_INF, NEG_INF, 4, 5, NEG_INF, 7, 8, 9}, y.data());
    }

    @Test
    void oneMaskedAttentionHeadOnTwoByTwo() {
        TensorShape shape = TensorShape.of(1, 1, 2, 2);
        FloatTensor q = FloatTensor.of(shape, 1, 0, 0, 1);
        FloatTensor k = FloatTensor.of(shape, 1, 0, 0, 1);
        FloatTensor v = FloatTensor.of(shape, 1, 2, 3, 4);
        FloatTensor scores = ReferenceExecutor.apply(new MatMul(false, true), q, k);
        assertArrayEquals(new float[] {1, 0, 0, 1}, scores.data()); // Q K^T = I
        FloatTensor scaled = ReferenceExecutor.apply(new Scale(1 / Math.sqrt(2)), scores);
        float s = (float) (1 / Math.sqrt(2));
        assertArrayEquals(new float[] {s, 0, 0, s}, scaled.data());
        FloatTensor masked = ReferenceExecutor.apply(new CausalMask(), scaled);
        assertArrayEquals(new float[] {s, NEG_INF, 0, s}, masked.data());
        FloatTensor p = ReferenceExecutor.apply(new Softmax(-1), masked);
        // Row 0 attends only to position 0; row 1: [1, e^s] / (1 + e^s).
        double e = Math.exp(s);
        float p0 = (float) (1 / (1 + e));
        float p1 = (float) (e / (1 + e));
        assertArrayEquals(new float[] {1, 0, p0, p1}, p.data(), 1e-7f);
        FloatTensor context = ReferenceExecutor.apply(new MatMul(false, false), p, v);
        // Row 0 = V[0]; row 1 = p0 V[0] + p1 V[1].
        assertArrayEquals(new float[] {1, 2, p0 + 3 * p1, 2 * p0 + 4 * p1}, context.data(), 1e-6f);
    }
}
