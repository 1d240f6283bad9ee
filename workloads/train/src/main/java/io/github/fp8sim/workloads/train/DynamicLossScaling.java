package io.github.fp8sim.workloads.train;

/**
 * Dynamic loss scaling ({@code dynamic[:init=S,growth=G,window=N]}): start at {@code init}; on a step
 * with an Inf/NaN or FP8 overflow skip the optimizer step and halve the scale; after {@code window}
 * consecutive clean steps multiply the scale by {@code growth}. As in PyTorch's GradScaler there is no
 * minimum, except that halving stops at FP32's smallest normal value (2^-126), and a growth that would
 * overflow FP32 is not taken.
 */
public final class DynamicLossScaling extends LossScaler {

    private final float init;
    private final AdaptiveScale rule;

    /**
     * @param init the initial scale, positive and finite
     * @param growth the growth factor, > 1
     * @param window clean steps before the scale grows, >= 1
     */
    public DynamicLossScaling(float init, float growth, long window) {
        this.init = init;
        this.rule = new AdaptiveScale(init, growth, window);
    }

    @Override
    public float scale() {
        return rule.scale();
    }

    @Override
    boolean endStep(long step, boolean overflow) {
        return rule.endStep(this, step, overflow, Float.MIN_NORMAL);
    }

    @Override
    public String describe() {
        return "dynamic:init=" + ScaleText.format(init) + ",growth=" + ScaleText.format(rule.growth())
                + ",window=" + rule.window();
    }
}
