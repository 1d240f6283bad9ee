package io.github.fp8sim.workloads.train;

/** No loss scaling ({@code none}): the scale is 1 and no step is skipped. */
public final class NoLossScaling extends LossScaler {

    NoLossScaling() {
    }

    @Override
    public float scale() {
        return 1f;
    }

    @Override
    boolean endStep(long step, boolean overflow) {
        return false;
    }

    @Override
    public String describe() {
        return "none";
    }
}
