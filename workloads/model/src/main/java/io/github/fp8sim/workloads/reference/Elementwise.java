package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.function.DoubleUnaryOperator;

import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** relu, gelu, tanh, sigmoid, scale, fill, and add/mul with NumPy broadcasting. */
final class Elementwise {

    private Elementwise() {}

    /** A binary op on two floats. */
    @FunctionalInterface
    private interface FloatOp {
        float apply(float a, float b);
    }

    /** {@code max(x, 0)} as {@link Math#max(float, float)}: NaN stays NaN, -0.0 becomes +0.0. */
    static FloatTensor relu(FloatTensor x) {
        float[] y = new float[x.size()];
        float[] v = x.data();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(v[i], 0f);
        }
        return new FloatTensor(x.shape(), y);
    }

    /** GELU in the form the op names: exact ({@code x Phi(x)}) or the tanh approximation. */
    static FloatTensor gelu(Gelu g, FloatTensor x) {
        return map(x, g.tanhApproximation() ? Functions::geluTanh : Functions::gelu);
    }

    static FloatTensor tanh(FloatTensor x) {
        return map(x, StrictMath::tanh);
    }

    static FloatTensor sigmoid(FloatTensor x) {
        return map(x, Functions::sigmoid);
    }

    /** {@code x * factor} with the factor as the IR holds it (a double), rounded to float once. */
    static FloatTensor scale(double factor, FloatTensor x) {
        return map(x, v -> v * factor);
    }

    static FloatTensor fill(Fill f) {
        float[] y = new float[Math.toIntExact(f.shape().numel())];
        java.util.Arrays.fill(y, (float) f.value());
        return new FloatTensor(f.shape(), y);
    }

    static FloatTensor add(FloatTensor a, FloatTensor b, TensorShape out) {
        return broadcast(a, b, out, (p, q) -> p + q);
    }

    static FloatTensor mul(FloatTensor a, FloatTensor b, TensorShape out) {
        return broadcast(a, b, out, (p, q) -> p * q);
    }

    /** {@code f} of every element in double, rounded to float once. */
    private static FloatTensor map(FloatTensor x, DoubleUnaryOperator f) {
        float[] v = x.data();
        float[] y = new float[v.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) f.applyAsDouble(v[i]);
        }
        return new FloatTensor(x.shape(), y);
    }

    /**
     * {@code op(a, b)} over the broadcast shape {@code out}: shapes aligned from the right, a size-1 (or
     * missing) axis repeated. A float sum or product of two floats is already correctly rounded.
     */
    private static FloatTensor broadcast(FloatTensor a, FloatTensor b, TensorShape out, FloatOp op) {
        float[] av = a.data();
        float[] bv = b.data();
        float[] y = new float[Math.toIntExact(out.numel())];
        if (a.shape().equals(b.shape())) {
            for (int i = 0; i < y.length; i++) {
                y[i] = op.apply(av[i], bv[i]);
            }
            return new FloatTensor(out, y);
        }
        BroadcastWalk walk = new BroadcastWalk(out, a.shape(), b.shape());
        for (int i = 0; i < y.length; i++) {
            y[i] = op.apply(av[walk.a()], bv[walk.b()]);
            walk.advance();
        }
        return new FloatTensor(out, y);
    }
}
