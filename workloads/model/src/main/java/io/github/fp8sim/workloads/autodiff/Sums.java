package io.github.fp8sim.workloads.autodiff;

import java.util.Arrays;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Per-element sums in double for scatter-adds and reductions, each element rounded to float once at the end.
 * A sum starts from its first term (the accumulator starts at -0.0, the identity of IEEE addition), so a sum
 * of one term is that term with its sign of zero; an element that no term reaches is +0.0.
 */
final class Sums {

    private final TensorShape shape;
    private final double[] acc;
    private final boolean[] reached;

    Sums(TensorShape shape) {
        this.shape = shape;
        this.acc = new double[Math.toIntExact(shape.numel())];
        this.reached = new boolean[acc.length];
        Arrays.fill(acc, -0.0);
    }

    /** Adds {@code term} to element {@code i}. */
    void add(int i, double term) {
        acc[i] += term;
        reached[i] = true;
    }

    /** The sums, each rounded to float once. */
    FloatTensor rounded() {
        float[] r = new float[acc.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = reached[i] ? (float) acc[i] : 0f;
        }
        return new FloatTensor(shape, r);
    }
}
