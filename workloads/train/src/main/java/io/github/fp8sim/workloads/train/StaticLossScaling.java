package io.github.fp8sim.workloads.train;

/**
 * A constant loss scale ({@code static:S}). No step is skipped: an overflow goes into the update as it
 * would with a fixed scale in PyTorch or apex ({@code loss_scale=S}).
 */
public final class StaticLossScaling extends LossScaler {

    private final float scale;

    /** @param scale a positive finite scale */
    public StaticLossScaling(float scale) {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("a static loss scale must be a positive finite number, got " + scale);
        }
        this.scale = scale;
    }

    @Override
    public float scale() {
        return scale;
    }

    @Override
    boolean endStep(long step, boolean overflow) {
        return false;
    }

    @Override
    public String describe() {
        return "static:" + ScaleText.format(scale);
    }
}
