package io.github.fp8sim.workloads.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Activation and broadcasting gradients on values worked by hand. */
class ElementwiseBackwardTest {

    static List<FloatTensor> backward(Op op, FloatTensor dy, FloatTensor... inputs) {
        List<FloatTensor> in = List.of(inputs);
        return Backward.apply(op, in, Forward.apply(op, in, Phase.TRAINING), List.of(dy));
    }

    static FloatTensor t(int[] dims, float... values) {
        return TestValues.of(dims, values);
    }

    @Test
    void reluPassesTheGradientOnlyWhereTheInputIsPositive() {
        FloatTensor x = t(new int[] {5}, -1, -0f, 0, 0.5f, 2);
        FloatTensor dy = t(new int[] {5}, 1, 2, 3, 4, 5);
        // The kink x = 0 (either sign) takes no gradient, as PyTorch's relu.
        assertArrayEquals(new float[] {0, 0, 0, 4, 5}, backward(new Relu(), dy, x).get(0).data());
    }

    @Test
    void addSumsTheGradientOverEachOperandsBroadcastAxes() {
        // a [2, 1] + b [1, 3] -> [2, 3]: a's gradient sums each row, b's each column.
        FloatTensor dy = t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        List<FloatTensor> g = backward(new Add(), dy, t(new int[] {2, 1}, 0, 0), t(new int[] {1, 3}, 0, 0, 0));
        assertEquals(t(new int[] {2, 1}, 6, 15), g.get(0));
        assertEquals(t(new int[] {1, 3}, 5, 7, 9), g.get(1));
    }

    @Test
    void addOfALowerRankOperandSumsOverTheMissingLeadingAxes() {
        FloatTensor dy = t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        List<FloatTensor> g = backward(new Add(), dy, t(new int[] {2, 3}, 0, 0, 0, 0, 0, 0), t(new int[] {3}, 0, 0, 0));
        assertEquals(dy, g.get(0));
        assertEquals(t(new int[] {3}, 5, 7, 9), g.get(1));
    }

    @Test
    void mulScalesTheGradientByTheOtherOperandBeforeSumming() {
        // a [2, 1] = [[2], [3]], b [3] = [1, -1, 0.5].
        FloatTensor dy = t(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        List<FloatTensor> g = backward(new Mul(), dy, t(new int[] {2, 1}, 2, 3), t(new int[] {3}, 1, -1, 0.5f));
        // da[0] = 1 - 2 + 1.5, da[1] = 4 - 5 + 3; db[j] = 2 dy[0][j] + 3 dy[1][j].
        assertEquals(t(new int[] {2, 1}, 0.5f, 2), g.get(0));
        assertEquals(t(new int[] {3}, 14, 19, 24), g.get(1));
    }

    @Test
    void scaleMultipliesTheGradientByTheFactor() {
        assertEquals(t(new int[] {2}, -1.5f, 3), backward(new Scale(-0.75), t(new int[] {2}, 2, -4), t(new int[] {2}, 9, 9))
                .get(0));
    }

    @Test
    void exactGeluHasSlopeOneHalfAtZeroAndFollowsTheStepInTheTails() {
        FloatTensor x = t(new int[] {3}, 0, 12, -12);
        FloatTensor g = backward(new Gelu(false), t(new int[] {3}, 2, 2, 2), x).get(0);
        // Phi(0) + 0 phi(0) = 1/2; at +12 the slope is 1 to float precision; at -12 it is about -12 phi(12), ~ 1e-30.
        assertEquals(1.0f, g.data()[0]);
        assertEquals(2.0f, g.data()[1]);
        assertEquals(0.0, g.data()[2], 1e-29);
    }

    @Test
    void sigmoidAndTanhSlopesKeepTheirRelativeAccuracyInTheTails() {
        // From the rounded outputs (sigmoid(20) and tanh(10) are 1.0f) y (1 - y) and 1 - y^2 would be 0.
        FloatTensor dy = t(new int[] {1}, 1);
        double sigmoidSlope = Math.exp(-20) / Math.pow(1 + Math.exp(-20), 2);
        double tanhSlope = 4 / Math.pow(Math.exp(10) + Math.exp(-10), 2);
        assertEquals(sigmoidSlope, backward(new Sigmoid(), dy, t(new int[] {1}, 20)).get(0).data()[0], sigmoidSlope * 1e-6);
        assertEquals(tanhSlope, backward(new Tanh(), dy, t(new int[] {1}, 10)).get(0).data()[0], tanhSlope * 1e-6);
    }
}
