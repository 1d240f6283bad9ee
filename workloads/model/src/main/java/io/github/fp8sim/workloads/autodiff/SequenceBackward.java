package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Gradients of the sequence models' ops: embedding lookup, sinusoidal positions and the causal mask. */
final class SequenceBackward {

    private SequenceBackward() {}

    /**
     * The table's gradient: row {@code dY[i]} added into table row {@code ids[i]} for every id i in increasing
     * flat order, in double, rounded once; rows no id names get +0.0. The ids take no gradient.
     *
     * @throws IllegalArgumentException if an id is not an integer in {@code [0, V)}
     */
    static FloatTensor embedding(FloatTensor ids, FloatTensor table, FloatTensor dy) {
        int vocab = table.shape().dim(0);
        int d = table.shape().dim(1);
        float[] g = dy.data();
        Sums dTable = new Sums(table.shape());
        for (int i = 0; i < ids.size(); i++) {
            float id = ids.data()[i];
            if (!(id >= 0 && id < vocab) || id != Math.rint(id)) {
                throw new IllegalArgumentException("id " + i + " is " + id + ", not an integer in [0, " + vocab + ")");
            }
            int row = (int) id;
            for (int j = 0; j < d; j++) {
                dTable.add(row * d + j, g[i * d + j]);
            }
        }
        return dTable.rounded();
    }

    /** The identity: the position signal is a constant added to x. */
    static FloatTensor positionalEncoding(FloatTensor dy) {
        return Grads.copy(dy.shape(), dy.data());
    }

    /** {@code dY} with the masked entries {@code (i, j), j > i} (constants -infinity in the forward) set to +0.0. */
    static FloatTensor causalMask(FloatTensor dy) {
        int tq = dy.shape().dim(-2);
        int tk = dy.shape().dim(-1);
        float[] dx = dy.data().clone();
        for (int base = 0; base < dx.length; base += tq * tk) {
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tk; j++) {
                    dx[base + i * tk + j] = 0f;
                }
            }
        }
        return new FloatTensor(dy.shape(), dx);
    }
}
