package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.SplittableRandom;

import io.github.fp8sim.workloads.tensor.TensorShape;

/** Seeded test data. */
final class TestTensors {

    private TestTensors() {}

    /** Uniform values in {@code [-bound, bound)} from {@code seed}. */
    static FloatTensor uniform(TensorShape shape, long seed, double bound) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (bound * (2 * r.nextDouble() - 1));
        }
        return new FloatTensor(shape, v);
    }

    /** Integers in {@code [0, n)} held in floats (token ids, labels). */
    static FloatTensor indices(TensorShape shape, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(n);
        }
        return new FloatTensor(shape, v);
    }
}
