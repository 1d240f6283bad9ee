package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** linear and matmul on small matrices worked by hand. */
class MatrixOpsTest {

    private static final TensorShape TWO_BY_TWO = TensorShape.of(2, 2);
    private static final FloatTensor A = FloatTensor.of(TWO_BY_TWO, 1, 2, 3, 4);
    private static final FloatTensor B = FloatTensor.of(TWO_BY_TWO, 5, 6, 7, 8);

    @Test
    void linearIsXTimesWTransposedPlusBias() {
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 3), 1, 2, 3, 4, 5, 6);
        FloatTensor w = FloatTensor.of(TensorShape.of(2, 3), 1, 0, -1, 2, 1, 0);
        FloatTensor b = FloatTensor.of(TensorShape.of(2), 10, 20);
        FloatTensor y = ReferenceExecutor.apply(new Linear(true), x, w, b);
        // Row 1: [1-3, 2+2] + bias = [8, 24]; row 2: [4-6, 8+5] + bias = [8, 33].
        assertEquals(TensorShape.of(2, 2), y.shape());
        assertArrayEquals(new float[] {8, 24, 8, 33}, y.data());
    }

    @Test
    void linearOverTheLastAxisOfARank3Input() {
        FloatTensor x = FloatTensor.of(TensorShape.of(2, 1, 2), 1, 2, 3, 4);
        FloatTensor w = FloatTensor.of(TensorShape.of(3, 2), 1, 0, 0, 1, 1, 1);
        FloatTensor y = ReferenceExecutor.apply(new Linear(false), x, w);
        assertEquals(TensorShape.of(2, 1, 3), y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 3, 4, 7}, y.data());
    }

    @Test
    void sumsInIncreasingKInFloat() {
        // Sequential float: ((1e8 + 1) - 1e8) + 1 = (1e8 - 1e8) + 1 = 1. Pairwise would give 0, double 2.
        FloatTensor x = FloatTensor.of(TensorShape.of(1, 4), 1, 1, 1, 1);
        FloatTensor w = FloatTensor.of(TensorShape.of(1, 4), 1e8f, 1, -1e8f, 1);
        assertEquals(1f, ReferenceExecutor.apply(new Linear(false), x, w).data()[0]);
    }

    @Test
    void matMulWithEveryTranspose() {
        // A = [[1,2],[3,4]], B = [[5,6],[7,8]].
        assertArrayEquals(new float[] {19, 22, 43, 50}, ReferenceExecutor.apply(new MatMul(false, false), A, B).data());
        // A^T B = [[1,3],[2,4]] B.
        assertArrayEquals(new float[] {26, 30, 38, 44}, ReferenceExecutor.apply(new MatMul(true, false), A, B).data());
        // A B^T = A [[5,7],[6,8]].
        assertArrayEquals(new float[] {17, 23, 39, 53}, ReferenceExecutor.apply(new MatMul(false, true), A, B).data());
        // A^T B^T = (B A)^T, B A = [[23,34],[31,46]].
        assertArrayEquals(new float[] {23, 31, 34, 46}, ReferenceExecutor.apply(new MatMul(true, true), A, B).data());
    }

    @Test
    void batchedMatMulKeepsBatchesApart() {
        FloatTensor a = FloatTensor.of(TensorShape.of(2, 2, 2), 1, 2, 3, 4, 1, 0, 0, 1);
        FloatTensor b = FloatTensor.of(TensorShape.of(2, 2, 2), 5, 6, 7, 8, 5, 6, 7, 8);
        FloatTensor y = ReferenceExecutor.apply(new MatMul(false, false), a, b);
        assertArrayEquals(new float[] {19, 22, 43, 50, 5, 6, 7, 8}, y.data());
    }

    @Test
    void nonSquareMatMul() {
        // [1,3] x [3,2]: [1,2,3] . columns [1,0,2] and [0,1,1] = [7, 5].
        FloatTensor a = FloatTensor.of(TensorShape.of(1, 3), 1, 2, 3);
        FloatTensor b = FloatTensor.of(TensorShape.of(3, 2), 1, 0, 0, 1, 2, 1);
        assertArrayEquals(new float[] {7, 5}, ReferenceExecutor.apply(new MatMul(false, false), a, b).data());
    }
}
