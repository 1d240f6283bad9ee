package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** Activations, broadcasting arithmetic and the special functions behind GELU, against known values. */
class ElementwiseTest {

    private static FloatTensor vector(float... v) {
        return FloatTensor.of(TensorShape.of(v.length), v);
    }

    @Test
    void relu() {
        FloatTensor y = ReferenceExecutor.apply(new Relu(), vector(-2, -0f, 0, 3.5f));
        assertArrayEquals(new float[] {0, 0, 0, 3.5f}, y.data());
        // max(-0, 0) is +0, as PyTorch's relu gives.
        assertEquals(0, Float.floatToRawIntBits(y.data()[1]));
        assertTrue(Float.isNaN(ReferenceExecutor.apply(new Relu(), vector(Float.NaN)).data()[0]));
    }

    @Test
    void tanhAndSigmoid() {
        FloatTensor t = ReferenceExecutor.apply(new Tanh(), vector(0, 1, -20));
        // tanh(1) = 0.7615941559557649; tanh(-20) rounds to -1 in float.
        assertArrayEquals(new float[] {0, 0.7615941559557649f, -1}, t.data());
        FloatTensor s = ReferenceExecutor.apply(new Sigmoid(), vector(0, 2, -2, -100));
        // sigmoid(2) = 1 / (1 + e^-2) = 0.8807970779778823; sigmoid(-2) = 1 - that; sigmoid(-100) = 3.7200759760208e-44.
        assertArrayEquals(new float[] {0.5f, 0.8807970779778823f, 0.11920292202211755f, 3.7200759760208e-44f}, s.data());
    }

    @Test
    void erfAndNormalCdfAgainstTables() {
        // Abramowitz and Stegun table 7.1 (and its erfc tails).
        assertEquals(0.5204998778130465, Functions.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Functions.erf(1.0), 1e-15);
        assertEquals(-0.9953222650189527, Functions.erf(-2.0), 1e-15);
        assertEquals(0.9999779095030014, Functions.erf(3.0), 1e-15);
        assertEquals(2.209049699858544e-05, Functions.erfc(3.0), 1e-19);
        assertEquals(1.541725790028002e-08, Functions.erfc(4.0), 1e-22);
        assertEquals(1.5374597944280349e-12, Functions.erfc(5.0), 1e-26);
        assertEquals(0.8413447460685429, Functions.phi(1.0), 1e-15);
        assertEquals(0.15865525393145707, Functions.phi(-1.0), 1e-15);
        assertEquals(9.865876450376946e-10, Functions.phi(-6.0), 1e-23);
    }

    @Test
    void geluExactIsXTimesTheNormalCdf() {
        FloatTensor y = ReferenceExecutor.apply(new Gelu(false), vector(1, -1, 2, -3, -6));
        // x Phi(x) with Phi(1) = 0.8413447460685429, Phi(2) = 0.9772498680518208, Phi(-3) = 0.0013498980316301035,
        // Phi(-6) = 9.865876450376946e-10.
        float[] expected = {0.8413447460685429f, -0.15865525393145707f, 1.9544997361036416f, -0.0040496940948903105f,
                -5.919525870226168e-09f};
        assertArrayEquals(expected, y.data());
    }

    @Test
    void geluTanhForm() {
        float[] x = {1, -1, 2.5f, -4};
        FloatTensor y = ReferenceExecutor.apply(new Gelu(true), vector(x));
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals((float) expected, y.data()[i], Math.ulp((float) expected), "x = " + v);
        }
        // The two forms differ by about 1.5e-4 at x = 1 (0.84119 vs 0.84134).
        assertEquals(0.8411919906082768, y.data()[0], 1e-7);
    }

    @Test
    void addBroadcastsARowOverAMatrix() {
        FloatTensor a = FloatTensor.of(TensorShape.of(2, 3), 1, 2, 3, 4, 5, 6);
        FloatTensor b = FloatTensor.of(TensorShape.of(3), 10, 20, 30);
        FloatTensor y = ReferenceExecutor.apply(new Add(), a, b);
        assertEquals(TensorShape.of(2, 3), y.shape());
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, y.data());
    }

    @Test
    void mulBroadcastsAColumnAgainstARowToAnOuterProduct() {
        FloatTensor col = FloatTensor.of(TensorShape.of(2, 1), 2, 3);
        FloatTensor row = FloatTensor.of(TensorShape.of(1, 3), 1, 10, 100);
        FloatTensor y = ReferenceExecutor.apply(new Mul(), col, row);
        assertEquals(TensorShape.of(2, 3), y.shape());
        assertArrayEquals(new float[] {2, 20, 200, 3, 30, 300}, y.data());
    }

    @Test
    void addBroadcastsAMiddleAxis() {
        // keys [1, 3, 2] + query [1, 1, 2] (GNMT's attention hidden layer).
        FloatTensor keys = FloatTensor.of(TensorShape.of(1, 3, 2), 1, 2, 3, 4, 5, 6);
        FloatTensor q = FloatTensor.of(TensorShape.of(1, 1, 2), 100, 200);
        assertArrayEquals(new float[] {101, 202, 103, 204, 105, 206}, ReferenceExecutor.apply(new Add(), keys, q).data());
    }

    @Test
    void sameShapeAddIsFloatAddition() {
        // 16777216 + 1 is not representable in float and rounds to even: 16777216.
        FloatTensor y = ReferenceExecutor.apply(new Add(), vector(16777216f, 1), vector(1, 2));
        assertArrayEquals(new float[] {16777216f, 3}, y.data());
    }

    @Test
    void scaleRoundsTheExactProductOnce() {
        FloatTensor y = ReferenceExecutor.apply(new Scale(1.0 / Math.sqrt(2)), vector(1, 2, -4));
        assertArrayEquals(new float[] {(float) (1 / Math.sqrt(2)), (float) Math.sqrt(2), (float) (-2 * Math.sqrt(2))},
                y.data());
    }

    @Test
    void fill() {
        FloatTensor y = ReferenceExecutor.apply(new Fill(TensorShape.of(2, 2), 1.5));
        assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, y.data());
    }
}
