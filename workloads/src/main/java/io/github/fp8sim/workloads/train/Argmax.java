package io.github.fp8sim.workloads.train;

/** The predicted class of a row of logits: the first index of the largest value. */
final class Argmax {

    private Argmax() {
    }

    /** The index in {@code [0, n)} of the largest of {@code v[offset .. offset + n)}, the first on a tie. */
    static int of(float[] v, int offset, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[offset + j] > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
