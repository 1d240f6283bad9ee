package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;

/** concat, reshape, transpose and slice against index arithmetic written out in the tests. */
class LayoutTest {

    private static FloatTensor counting(TensorShape s) {
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return new FloatTensor(s, v);
    }

    @Test
    void concatAlongTheLastAxis() {
        FloatTensor a = FloatTensor.of(TensorShape.of(2, 1), 1, 2);
        FloatTensor b = FloatTensor.of(TensorShape.of(2, 2), 10, 11, 20, 21);
        FloatTensor y = ReferenceExecutor.apply(new Concat(-1), a, b);
        assertEquals(TensorShape.of(2, 3), y.shape());
        assertArrayEquals(new float[] {1, 10, 11, 2, 20, 21}, y.data());
    }

    @Test
    void concatAlongTheMiddleAxis() {
        FloatTensor a = FloatTensor.of(TensorShape.of(2, 1, 2), 1, 2, 3, 4);
        FloatTensor b = FloatTensor.of(TensorShape.of(2, 1, 2), 5, 6, 7, 8);
        FloatTensor y = ReferenceExecutor.apply(new Concat(1), a, b);
        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, y.data());
    }

    @Test
    void reshapeKeepsTheRowMajorOrderInANewArray() {
        FloatTensor x = counting(TensorShape.of(2, 3));
        FloatTensor y = ReferenceExecutor.apply(new Reshape(TensorShape.of(3, 2)), x);
        assertEquals(TensorShape.of(3, 2), y.shape());
        assertArrayEquals(x.data(), y.data());
        assertNotSame(x.data(), y.data());
    }

    @Test
    void transposeOfAMatrix() {
        FloatTensor y = ReferenceExecutor.apply(Transpose.of(1, 0), counting(TensorShape.of(2, 3)));
        assertEquals(TensorShape.of(3, 2), y.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, y.data());
    }

    @Test
    void transposeOfRank3FollowsThePermutation() {
        // perm (2, 0, 1): y[i][j][k] = x[j][k][i], x [2, 3, 4] with x[a][b][c] = 12a + 4b + c.
        FloatTensor y = ReferenceExecutor.apply(Transpose.of(2, 0, 1), counting(TensorShape.of(2, 3, 4)));
        assertEquals(TensorShape.of(4, 2, 3), y.shape());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(12 * j + 4 * k + i, y.get(i, j, k));
                }
            }
        }
    }

    @Test
    void attentionHeadSplitAndMerge() {
        // [B=1, T=2, h=2, dk=2] -> [1, 2, 2, 2] with axes 1 and 2 swapped, and back.
        FloatTensor x = counting(TensorShape.of(1, 2, 2, 2));
        FloatTensor split = ReferenceExecutor.apply(Transpose.of(0, 2, 1, 3), x);
        // Head 0 holds time steps 0 and 1 of columns 0..1: x[0][t][0][*] = 4t + *.
        assertArrayEquals(new float[] {0, 1, 4, 5, 2, 3, 6, 7}, split.data());
        assertArrayEquals(x.data(), ReferenceExecutor.apply(Transpose.of(0, 2, 1, 3), split).data());
    }

    @Test
    void sliceOfTheMiddleAxis() {
        // x [2, 4, 2]: keep indices 1 and 2 of axis 1.
        FloatTensor y = ReferenceExecutor.apply(new Slice(1, 1, 3), counting(TensorShape.of(2, 4, 2)));
        assertEquals(TensorShape.of(2, 2, 2), y.shape());
        assertArrayEquals(new float[] {2, 3, 4, 5, 10, 11, 12, 13}, y.data());
    }
}
