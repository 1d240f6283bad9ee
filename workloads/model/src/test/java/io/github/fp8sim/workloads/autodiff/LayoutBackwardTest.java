package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.backward;
import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;

/** The gradients of data movement move the values back, bits and all. */
class LayoutBackwardTest {

    @Test
    void transposeGradientIsTheInversePermutation() {
        FloatTensor x = TestValues.uniform(1, 1, 2, 3, 4);
        FloatTensor dy = TestValues.uniform(2, 1, 4, 2, 3);
        // (2, 0, 1) sends input axis 2 to output axis 0; its inverse is (1, 2, 0).
        FloatTensor expected = ReferenceExecutor.apply(Transpose.of(1, 2, 0), dy);
        assertEquals(expected, backward(Transpose.of(2, 0, 1), dy, x).get(0));
    }

    @Test
    void reshapeGradientKeepsTheRowMajorValues() {
        FloatTensor dy = TestValues.uniform(3, 1, 6, 4);
        FloatTensor dx = backward(new Reshape(TensorShape.of(6, 4)), dy, TestValues.uniform(4, 1, 2, 3, 4)).get(0);
        assertEquals(TensorShape.of(2, 3, 4), dx.shape());
        assertArrayEquals(dy.data(), dx.data());
    }

    @Test
    void sliceGradientIsZeroOutsideTheSlice() {
        FloatTensor dy = t(new int[] {2, 2}, 1, 2, 3, 4);
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 3, 4, 0},
                backward(new Slice(1, 1, 3), dy, t(new int[] {2, 4}, 9, 9, 9, 9, 9, 9, 9, 9)).get(0).data());
    }

    @Test
    void concatGradientIsCutBackIntoTheInputs() {
        // [2, 1] and [2, 2] joined along axis 1: each row of dy is (a's value, b's two values).
        FloatTensor dy = t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        List<FloatTensor> g = backward(new Concat(-1), dy, t(new int[] {2, 1}, 0, 0), t(new int[] {2, 2}, 0, 0, 0, 0));
        assertEquals(t(new int[] {2, 1}, 1, 4), g.get(0));
        assertEquals(t(new int[] {2, 2}, 2, 3, 5, 6), g.get(1));
    }
}
