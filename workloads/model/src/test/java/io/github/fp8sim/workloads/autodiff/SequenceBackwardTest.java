package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.backward;
import static io.github.fp8sim.workloads.autodiff.ElementwiseBackwardTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Embedding scatter-adds, the causal mask's zeros and the positional encoding's identity. */
class SequenceBackwardTest {

    @Test
    void embeddingAddsTheGradientOfEveryLookupIntoItsTableRow() {
        FloatTensor ids = t(new int[] {3}, 1, 3, 1);
        FloatTensor table = TestValues.uniform(1, 1, 5, 2);
        FloatTensor dy = t(new int[] {3, 2}, 1, 2, 3, 4, 5, 6);
        List<FloatTensor> g = backward(new Embedding(), dy, ids, table);
        assertNull(g.get(0), "ids take no gradient");
        // Row 1 is read twice (dy rows 0 and 2), row 3 once, rows 0, 2 and 4 never.
        assertArrayEquals(new float[] {0, 0, 6, 8, 0, 0, 3, 4, 0, 0}, g.get(1).data());
    }

    @Test
    void causalMaskPassesNoGradientToMaskedScores() {
        FloatTensor scores = TestValues.uniform(2, 1, 3, 3);
        FloatTensor dy = t(new int[] {3, 3}, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, backward(new CausalMask(), dy, scores).get(0).data());
    }

    @Test
    void positionalEncodingPassesTheGradientThroughUnchanged() {
        FloatTensor dy = TestValues.uniform(3, 1, 1, 2, 4);
        FloatTensor dx = backward(new PositionalEncoding(), dy, TestValues.uniform(4, 1, 1, 2, 4)).get(0);
        assertEquals(dy, dx);
        assertNotSame(dy.data(), dx.data());
    }
}
