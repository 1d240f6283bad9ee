package io.github.fp8sim.workloads.autodiff;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.reference.BroadcastWalk;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.Functions;

/**
 * Gradients of relu, gelu, tanh, sigmoid, scale, and add/mul with NumPy broadcasting. Derivatives are
 * evaluated in double from the forward's input (not from its rounded output, which would lose the relative
 * accuracy of {@code 1 - y} where y nears 1), multiplied by the upstream gradient and rounded once.
 */
final class ElementwiseBackward {

    private static final double SQRT_2_OVER_PI = StrictMath.sqrt(2.0 / StrictMath.PI);
    private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2.0 * StrictMath.PI);
    private static final double GELU_CUBIC = 0.044715;

    private ElementwiseBackward() {}

    /** {@code dy} where {@code x > 0}, else +0.0: the derivative at the kink {@code x = 0} is taken as 0 (as PyTorch). */
    static FloatTensor relu(FloatTensor x, FloatTensor dy) {
        float[] v = x.data();
        float[] g = dy.data();
        float[] dx = new float[v.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = v[i] > 0 ? g[i] : 0f;
        }
        return new FloatTensor(x.shape(), dx);
    }

    /**
     * Exact GELU: {@code d/dx x Phi(x) = Phi(x) + x phi(x)} with the forward's normal CDF and the normal density
     * {@code exp(-x^2/2) / sqrt(2 pi)}; tanh form: the derivative of
     * {@code 0.5 x (1 + tanh(u))}, {@code u = sqrt(2/pi) (x + 0.044715 x^3)}.
     */
    static FloatTensor gelu(Gelu op, FloatTensor x, FloatTensor dy) {
        return chain(x, dy, op.tanhApproximation() ? ElementwiseBackward::geluTanhSlope : ElementwiseBackward::geluSlope);
    }

    /** {@code 1 - tanh(x)^2}, written {@code 1 / cosh(x)^2} so it keeps its relative accuracy for large |x|. */
    static FloatTensor tanh(FloatTensor x, FloatTensor dy) {
        return chain(x, dy, ElementwiseBackward::tanhSlope);
    }

    /** {@code s(x) (1 - s(x)) = s(x) s(-x)} with the forward's sigmoid. */
    static FloatTensor sigmoid(FloatTensor x, FloatTensor dy) {
        return chain(x, dy, v -> Functions.sigmoid(v) * Functions.sigmoid(-v));
    }

    /** {@code dy * factor} in double, rounded once (the forward's own rounding). */
    static FloatTensor scale(double factor, FloatTensor dy) {
        float[] g = dy.data();
        float[] dx = new float[g.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = (float) (g[i] * factor);
        }
        return new FloatTensor(dy.shape(), dx);
    }

    /** {@code [da, db]}: {@code dy} summed over each operand's broadcast axes. */
    static List<FloatTensor> add(FloatTensor a, FloatTensor b, FloatTensor dy) {
        return List.of(reduce(dy, null, a.shape()), reduce(dy, null, b.shape()));
    }

    /** {@code [da, db] = [sum dy * b, sum dy * a]}, each sum over that operand's broadcast axes. */
    static List<FloatTensor> mul(FloatTensor a, FloatTensor b, FloatTensor dy) {
        return List.of(reduce(dy, b, a.shape()), reduce(dy, a, b.shape()));
    }

    /** The derivative {@code slope(x)} times {@code dy}, in double, rounded once per element. */
    private static FloatTensor chain(FloatTensor x, FloatTensor dy, DoubleUnaryOperator slope) {
        float[] v = x.data();
        float[] g = dy.data();
        float[] dx = new float[v.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = (float) (g[i] * slope.applyAsDouble(v[i]));
        }
        return new FloatTensor(x.shape(), dx);
    }

    private static double geluSlope(double x) {
        return Functions.phi(x) + x * INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    private static double geluTanhSlope(double x) {
        double u = SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x);
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_CUBIC * x * x);
        return 0.5 * (1.0 + StrictMath.tanh(u)) + 0.5 * x * tanhSlope(u) * du;
    }

    /** {@code 1 - tanh(x)^2} as {@code 1 / cosh(x)^2}, accurate where tanh(x) nears +-1. */
    static double tanhSlope(double x) {
        double c = StrictMath.cosh(x);
        return 1.0 / (c * c);
    }

    /**
     * The gradient of the operand of shape {@code self}: walks the broadcast output in increasing flat index
     * and adds {@code dy[i]} (times the matching value of {@code factor}, when given) into the operand element
     * it was read from, in double; so each element's sum runs in increasing output index. Rounded once.
     */
    private static FloatTensor reduce(FloatTensor dy, FloatTensor factor, TensorShape self) {
        TensorShape out = dy.shape();
        float[] g = dy.data();
        Sums acc = new Sums(self);
        float[] fv = factor == null ? null : factor.data();
        BroadcastWalk walk = new BroadcastWalk(out, self, factor == null ? null : factor.shape());
        for (int i = 0; i < g.length; i++) {
            acc.add(walk.a(), fv == null ? g[i] : (double) g[i] * fv[walk.b()]);
            walk.advance();
        }
        return acc.rounded();
    }
}
