package io.github.fp8sim.workloads.train;

/** {@link Adam}'s state: the FP32 first and second moments and the step count t. */
public final class AdamState implements OptimizerState {

    final float[] m;
    final float[] v;
    final float[] update;
    long t;

    AdamState(int length) {
        this.m = new float[length];
        this.v = new float[length];
        this.update = new float[length];
    }

    @Override
    public int length() {
        return update.length;
    }

    /** Number of steps taken (t of the bias corrections; skipped steps do not count). */
    public long steps() {
        return t;
    }

    /** A copy of the first moment (PyTorch's {@code exp_avg}). */
    public float[] firstMoment() {
        return m.clone();
    }

    /** A copy of the second moment (PyTorch's {@code exp_avg_sq}). */
    public float[] secondMoment() {
        return v.clone();
    }
}
