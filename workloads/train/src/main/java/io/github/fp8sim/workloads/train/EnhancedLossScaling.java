package io.github.fp8sim.workloads.train;

/**
 * The enhanced loss scaling of Mellempudi, Srinivasan, Das and Kaul, "Mixed Precision Training With
 * 8-bit Floating Point", arXiv:1905.12334 (2019), proposed (abstract) "to augment the reduced subnormal
 * range of 8-bit floating point for improved error propagation": dynamic loss scaling
 * ({@link DynamicLossScaling}) whose scale never falls below a minimum, and the minimum is raised on a
 * schedule during training. A. Rodriguez, <i>Deep Learning Systems</i> (Morgan &amp; Claypool 2020),
 * section 6.1, summarises it as loss scaling with a dynamically increasing minimum threshold for the
 * scaling factor: the threshold ignores spurious overflows so the scale stays high, and when to raise it
 * is chosen by watching the training loss.
 *
 * <p>Text form {@code enhanced[:init=S,growth=G,window=N,min=S,schedule=STEP:S;STEP:S...]}. Rule: the
 * scale starts at {@code max(init, min)}; on overflow the step is skipped and the scale halved, but not
 * below the current minimum; after {@code window} clean steps it grows; from step {@code STEP} on the
 * minimum is the raise's {@code S}, and a scale below it is raised to it (a
 * {@link ScaleEvent.Reason#MINIMUM_RAISED} event at {@code STEP}).
 *
 * <p>Default schedule: {@code min=1} and no raises. The paper gives per-model schedules (minimum values
 * and the points in training where they rise, for ResNet-50 and GNMT, in its loss-scaling section and
 * figures), but their figures could not be read from the sources available when this class was written
 * (only the paper's abstract and secondary summaries), so none is built in: pass the schedule of the
 * model being trained, e.g. {@code enhanced:min=2^13,schedule=...}.
 */
public final class EnhancedLossScaling extends LossScaler {

    /** The default minimum scale (a documented choice, not a figure from the paper). */
    public static final float DEFAULT_MIN = 1f;

    private final float init;
    private final MinScaleSchedule minimum;
    private final AdaptiveScale rule;

    /**
     * @param init the initial scale (raised to the step-0 minimum if below it)
     * @param growth the growth factor, > 1
     * @param window clean steps before the scale grows, >= 1
     * @param minimum the minimum scale per step
     */
    public EnhancedLossScaling(float init, float growth, long window, MinScaleSchedule minimum) {
        if (minimum == null) {
            throw new IllegalArgumentException("enhanced loss scaling needs a minimum-scale schedule");
        }
        this.init = init;
        this.minimum = minimum;
        this.rule = new AdaptiveScale(Math.max(init, minimum.minAt(0)), growth, window);
    }

    @Override
    public float scale() {
        return rule.scale();
    }

    /** The minimum-scale schedule. */
    public MinScaleSchedule minimum() {
        return minimum;
    }

    /** The minimum scale of the current step. */
    public float currentMinimum() {
        return minimum.minAt(steps());
    }

    @Override
    boolean endStep(long step, boolean overflow) {
        boolean skip = rule.endStep(this, step, overflow, minimum.minAt(step));
        rule.raiseTo(this, step + 1, minimum.minAt(step + 1));
        return skip;
    }

    @Override
    public String describe() {
        return "enhanced:init=" + ScaleText.format(init) + ",growth=" + ScaleText.format(rule.growth())
                + ",window=" + rule.window() + "," + minimum.describe();
    }
}
