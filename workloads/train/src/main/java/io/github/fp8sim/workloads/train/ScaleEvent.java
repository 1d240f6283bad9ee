package io.github.fp8sim.workloads.train;

import java.util.Locale;

/**
 * One change of the loss scale.
 *
 * @param step the first training step that runs with {@code newScale}; for {@link Reason#OVERFLOW} and
 *     {@link Reason#GROWTH} that is one past the step whose update caused the change
 * @param oldScale the scale before
 * @param newScale the scale from {@code step} on
 * @param reason why it changed
 */
public record ScaleEvent(long step, float oldScale, float newScale, Reason reason) {

    /** Why a loss scale changed. */
    public enum Reason {
        /** An Inf/NaN or FP8 overflow was found: the scale was halved (not below the minimum). */
        OVERFLOW,
        /** The window of clean steps was completed: the scale was multiplied by the growth factor. */
        GROWTH,
        /** The enhanced scaler's minimum rose above the scale: the scale was raised to it. */
        MINIMUM_RAISED;

        /** Lower-case name for reports, e.g. {@code minimum_raised}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
