package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Small helpers shared by the backward classes. */
final class Grads {

    private Grads() {}

    /** The values of upstream gradient {@code g}, or zeros of {@code shape} when no gradient flows ({@code null}). */
    static float[] orZeros(FloatTensor g, TensorShape shape) {
        if (g == null) {
            return new float[Math.toIntExact(shape.numel())];
        }
        if (!g.shape().equals(shape)) {
            throw new IllegalArgumentException("gradient " + g.shape() + " does not match its output " + shape);
        }
        return g.data();
    }

    /** {@code values} rounded to float once each. */
    static FloatTensor rounded(TensorShape shape, double[] values) {
        float[] r = new float[values.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) values[i];
        }
        return new FloatTensor(shape, r);
    }

    /** A copy of {@code data} with a shape: the gradient of an op that only moves values. */
    static FloatTensor copy(TensorShape shape, float[] data) {
        return new FloatTensor(shape, data.clone());
    }
}
