package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** The sequence models' ops: embedding lookup, sinusoidal positions and the causal mask. */
final class Sequence {

    private Sequence() {}

    /**
     * Row {@code ids[...]} of {@code table [V, D]} for every id.
     *
     * @throws IllegalArgumentException if an id is not an integer in {@code [0, V)}
     */
    static FloatTensor embedding(FloatTensor ids, FloatTensor table, TensorShape out) {
        int vocab = table.shape().dim(0);
        int d = table.shape().dim(1);
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int i = 0; i < ids.size(); i++) {
            int row = Indices.index(ids.data()[i], vocab, "id " + i);
            System.arraycopy(table.data(), row * d, y, i * d, d);
        }
        return new FloatTensor(out, y);
    }

    /**
     * {@code x [B, T, D]} plus {@code PE(t, 2i) = sin(t / 10000^(2i/D))} and {@code PE(t, 2i+1) = cos(...)},
     * the signal and the sum in double, rounded to float once.
     */
    static FloatTensor positionalEncoding(FloatTensor x) {
        int t = x.shape().dim(1);
        int d = x.shape().dim(2);
        double[] pe = new double[t * d];
        for (int pos = 0; pos < t; pos++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = pos / StrictMath.pow(10000.0, 2.0 * i / d);
                pe[pos * d + 2 * i] = StrictMath.sin(angle);
                pe[pos * d + 2 * i + 1] = StrictMath.cos(angle);
            }
        }
        float[] v = x.data();
        float[] y = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            y[i] = (float) (v[i] + pe[i % pe.length]);
        }
        return new FloatTensor(x.shape(), y);
    }

    /** Scores {@code [..., Tq, Tk]} with entry {@code (i, j)} set to -infinity where {@code j > i}. */
    static FloatTensor causalMask(FloatTensor scores) {
        int tq = scores.shape().dim(-2);
        int tk = scores.shape().dim(-1);
        float[] y = scores.data().clone();
        for (int base = 0; base < y.length; base += tq * tk) {
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tk; j++) {
                    y[base + i * tk + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return new FloatTensor(scores.shape(), y);
    }
}
