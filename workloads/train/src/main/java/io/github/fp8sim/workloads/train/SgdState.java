package io.github.fp8sim.workloads.train;

/** {@link Sgd}'s state: the FP32 momentum buffer, absent until the first step (as in PyTorch). */
public final class SgdState implements OptimizerState {

    final float[] momentum;
    final float[] update;
    boolean hasMomentum;

    SgdState(int length) {
        this.momentum = new float[length];
        this.update = new float[length];
    }

    @Override
    public int length() {
        return update.length;
    }

    /** False until the first step with momentum has filled the buffer. */
    public boolean hasMomentum() {
        return hasMomentum;
    }

    /** A copy of the momentum buffer (zeros before the first step). */
    public float[] momentum() {
        return momentum.clone();
    }
}
