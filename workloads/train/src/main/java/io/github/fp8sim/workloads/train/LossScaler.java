package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Loss scaling (ARCHITECTURE.md section 3): the loss is multiplied by {@link #scale()} before the
 * backward pass so small errors stay inside FP8's range, and the weight gradients are divided by it
 * before the optimizer step. After each step's backward pass the caller reports whether an Inf/NaN or
 * an FP8 overflow was found in the FP32 values before conversion ({@link OverflowCheck}); the scaler
 * answers whether the step is skipped and adjusts the scale. Every change is logged as a
 * {@link ScaleEvent}.
 *
 * <p>Kinds and their text forms ({@link #parse}, {@link #describe}):
 * <pre>
 * spec     := "none" | "static:" S | "dynamic" [":" options] | "enhanced" [":" options]
 * options  := option ("," option)*          option := key "=" value
 * dynamic  keys: init=S (default 2^16), growth=G (factor &gt; 1, default 2), window=N (&gt;= 1, default 2000)
 * enhanced keys: those three, min=S (default 1), schedule=STEP:S(;STEP:S)* (default none)
 * S        := a positive decimal (65536, 0.5, 1e4) or 2^k
 * </pre>
 * Names and keys are case-insensitive and may be surrounded by spaces; each key at most once. Examples:
 * {@code static:1024}, {@code dynamic:window=1000}, {@code enhanced:min=2^10,schedule=40000:2^13;80000:2^15}.
 *
 * <ul>
 *   <li>{@link NoLossScaling} ({@code none}): scale 1, never skips.
 *   <li>{@link StaticLossScaling} ({@code static:S}): scale S, never skips.
 *   <li>{@link DynamicLossScaling} ({@code dynamic}): on overflow skip the step and halve the scale;
 *       after {@code window} consecutive clean steps multiply it by {@code growth}. The defaults are
 *       PyTorch's {@code torch.amp.GradScaler} defaults (init_scale 2^16, growth_factor 2, backoff_factor
 *       0.5, growth_interval 2000) and ARCHITECTURE.md's start of 2^16.
 *   <li>{@link EnhancedLossScaling} ({@code enhanced}): dynamic, with a minimum scale raised on a schedule
 *       (Mellempudi et al. 2019's enhanced loss scaling; see that class).
 * </ul>
 * Mutable, one per training run; not thread-safe.
 */
public abstract sealed class LossScaler
        permits NoLossScaling, StaticLossScaling, DynamicLossScaling, EnhancedLossScaling {

    /** ARCHITECTURE.md section 3: dynamic scaling starts at 2^16. */
    public static final float DEFAULT_INIT = 65536f;
    /** PyTorch GradScaler's growth_factor. */
    public static final float DEFAULT_GROWTH = 2f;
    /** PyTorch GradScaler's growth_interval: clean steps before the scale grows. */
    public static final long DEFAULT_WINDOW = 2000;

    private final List<ScaleEvent> events = new ArrayList<>();
    private long steps;
    private long skipped;

    LossScaler() {
    }

    /** The scale to multiply the loss by in the current step. */
    public abstract float scale();

    /**
     * Ends the current step: records whether it overflowed, adjusts the scale and moves to the next step.
     *
     * @param overflow an Inf/NaN or FP8 overflow was found in this step's FP32 values before conversion
     * @return true if the optimizer step must be skipped
     */
    public final boolean update(boolean overflow) {
        boolean skip = endStep(steps, overflow);
        steps++;
        if (skip) {
            skipped++;
        }
        return skip;
    }

    /** Decides step {@code step}'s fate and logs any scale change; returns whether it is skipped. */
    abstract boolean endStep(long step, boolean overflow);

    final void log(long step, float oldScale, float newScale, ScaleEvent.Reason reason) {
        events.add(new ScaleEvent(step, oldScale, newScale, reason));
    }

    /** The number of steps ended so far; the current step's index. */
    public final long steps() {
        return steps;
    }

    /** The number of steps skipped so far. */
    public final long skippedSteps() {
        return skipped;
    }

    /** Every scale change so far, oldest first (a read-only view). */
    public final List<ScaleEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** The canonical text form; {@link #parse} of it gives a scaler with the same configuration. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Parses a text form (see the class comment) into a fresh scaler at step 0.
     *
     * @throws IllegalArgumentException with a one-line message naming the problem and the expected forms
     */
    public static LossScaler parse(String text) {
        return LossScalerParser.parse(text);
    }

    /** No loss scaling. */
    public static LossScaler none() {
        return new NoLossScaling();
    }

    /** A constant scale. */
    public static LossScaler fixed(float scale) {
        return new StaticLossScaling(scale);
    }

    /** Dynamic scaling with the defaults: init 2^16, growth 2, window 2000. */
    public static LossScaler dynamic() {
        return new DynamicLossScaling(DEFAULT_INIT, DEFAULT_GROWTH, DEFAULT_WINDOW);
    }
}
