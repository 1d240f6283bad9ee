package io.github.fp8sim.workloads.train;

/**
 * The dynamic rule shared by {@link DynamicLossScaling} and {@link EnhancedLossScaling}: halve on
 * overflow (not below a floor), multiply by the growth factor after {@code window} consecutive clean
 * steps. Any change restarts the count of clean steps.
 */
final class AdaptiveScale {

    private final float growth;
    private final long window;
    private float scale;
    private long clean;

    AdaptiveScale(float init, float growth, long window) {
        if (!(init > 0) || !Float.isFinite(init)) {
            throw new IllegalArgumentException("the initial loss scale must be a positive finite number, got " + init);
        }
        if (!(growth > 1) || !Float.isFinite(growth)) {
            throw new IllegalArgumentException("the loss-scale growth factor must be a finite number > 1, got " + growth);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the loss-scale growth window must be >= 1 step, got " + window);
        }
        this.growth = growth;
        this.window = window;
        this.scale = init;
    }

    float scale() {
        return scale;
    }

    float growth() {
        return growth;
    }

    long window() {
        return window;
    }

    /** Ends step {@code step}; returns whether it is skipped (it overflowed). */
    boolean endStep(LossScaler owner, long step, boolean overflow, float floor) {
        if (overflow) {
            change(owner, step + 1, Math.max(scale * 0.5f, floor), ScaleEvent.Reason.OVERFLOW);
            clean = 0;
            return true;
        }
        if (++clean >= window) {
            float grown = scale * growth;
            if (Float.isFinite(grown)) {
                change(owner, step + 1, grown, ScaleEvent.Reason.GROWTH);
            }
            clean = 0;
        }
        return false;
    }

    /** Raises the scale to {@code floor} from step {@code step} on, if it is below. */
    void raiseTo(LossScaler owner, long step, float floor) {
        if (scale < floor) {
            change(owner, step, floor, ScaleEvent.Reason.MINIMUM_RAISED);
            clean = 0;
        }
    }

    private void change(LossScaler owner, long step, float next, ScaleEvent.Reason reason) {
        if (next != scale) {
            owner.log(step, scale, next, reason);
            scale = next;
        }
    }
}
