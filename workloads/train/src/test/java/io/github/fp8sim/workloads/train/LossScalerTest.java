package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.train.ScaleEvent.Reason;

/** The behaviour of each loss scaler, step by step. */
class LossScalerTest {

    /** Ends {@code count} steps with the same overflow answer; returns how many were skipped. */
    private static int run(LossScaler scaler, int count, boolean overflow) {
        int skipped = 0;
        for (int i = 0; i < count; i++) {
            skipped += scaler.update(overflow) ? 1 : 0;
        }
        return skipped;
    }

    @Test
    void noneAndStaticNeverChangeOrSkip() {
        LossScaler none = LossScaler.none();
        LossScaler fixed = LossScaler.fixed(1024f);
        assertEquals(0, run(none, 3, true) + run(fixed, 3, true) + run(fixed, 3, false));
        assertEquals(1f, none.scale());
        assertEquals(1024f, fixed.scale());
        assertTrue(none.events().isEmpty() && fixed.events().isEmpty());
        assertEquals(6, fixed.steps());
        assertEquals(0, fixed.skippedSteps());
    }

    @Test
    void dynamicStartsAt2To16AndHalvesAndSkipsOnOverflow() {
        LossScaler scaler = LossScaler.dynamic();
        assertEquals(65536f, scaler.scale());
        assertTrue(scaler.update(true), "the overflowing step is skipped");
        assertEquals(32768f, scaler.scale());
        assertTrue(scaler.update(true));
        assertEquals(16384f, scaler.scale());
        assertFalse(scaler.update(false));
        assertEquals(2, scaler.skippedSteps());
        assertEquals(List.of(new ScaleEvent(1, 65536f, 32768f, Reason.OVERFLOW),
                new ScaleEvent(2, 32768f, 16384f, Reason.OVERFLOW)), scaler.events());
    }

    @Test
    void dynamicDoublesAfterTheDefault2000CleanSteps() {
        LossScaler scaler = LossScaler.dynamic();
        run(scaler, 1999, false);
        assertEquals(65536f, scaler.scale());
        run(scaler, 1, false);
        assertEquals(131072f, scaler.scale());
        assertEquals(List.of(new ScaleEvent(2000, 65536f, 131072f, Reason.GROWTH)), scaler.events());
    }

    @Test
    void anOverflowRestartsTheCountOfCleanSteps() {
        LossScaler scaler = new DynamicLossScaling(16f, 2f, 3);
        run(scaler, 2, false);
        scaler.update(true);            // 16 -> 8, count restarts
        run(scaler, 2, false);
        assertEquals(8f, scaler.scale(), "only two clean steps since the overflow");
        run(scaler, 1, false);
        assertEquals(16f, scaler.scale());
        assertEquals(new ScaleEvent(6, 8f, 16f, Reason.GROWTH), scaler.events().get(1));
    }

    @Test
    void dynamicStopsHalvingAtFp32sSmallestNormalAndDoesNotGrowToInfinity() {
        LossScaler low = new DynamicLossScaling(0x1p-125f, 2f, 10);
        run(low, 5, true);
        assertEquals(Float.MIN_NORMAL, low.scale());
        assertEquals(1, low.events().size());
        assertEquals(5, low.skippedSteps(), "steps are skipped even when the scale cannot fall");
        LossScaler high = new DynamicLossScaling(0x1p127f, 2f, 1);
        run(high, 3, false);
        assertEquals(0x1p127f, high.scale());
        assertTrue(high.events().isEmpty());
    }

    @Test
    void enhancedNeverGoesBelowItsMinimum() {
        LossScaler scaler = new EnhancedLossScaling(16f, 2f, 1000, MinScaleSchedule.constant(4f));
        assertEquals(10, run(scaler, 10, true), "every overflowing step is skipped");
        assertEquals(4f, scaler.scale());
        assertEquals(List.of(new ScaleEvent(1, 16f, 8f, Reason.OVERFLOW), new ScaleEvent(2, 8f, 4f, Reason.OVERFLOW)),
                scaler.events());
    }

    @Test
    void theScheduleRaisesTheMinimumAtItsSteps() {
        MinScaleSchedule schedule = new MinScaleSchedule(2f, List.of(
                new MinScaleSchedule.Raise(5, 32f), new MinScaleSchedule.Raise(8, 64f)));
        EnhancedLossScaling scaler = new EnhancedLossScaling(8f, 2f, 1000, schedule);
        run(scaler, 5, false);
        assertEquals(5, scaler.steps());
        assertEquals(32f, scaler.scale(), "step 5 runs at the raised minimum");
        assertEquals(32f, scaler.currentMinimum());
        run(scaler, 3, true);           // steps 5..7: 32 -> 32 (floor), and step 8's minimum is 64
        assertEquals(64f, scaler.scale());
        run(scaler, 4, true);
        assertEquals(64f, scaler.scale(), "overflows cannot take the scale below the raised minimum");
        assertEquals(List.of(new ScaleEvent(5, 8f, 32f, Reason.MINIMUM_RAISED),
                new ScaleEvent(8, 32f, 64f, Reason.MINIMUM_RAISED)), scaler.events());
        assertEquals(7, scaler.skippedSteps());
    }

    @Test
    void aScaleAlreadyAboveTheNewMinimumIsLeftAlone() {
        MinScaleSchedule schedule = new MinScaleSchedule(1f, List.of(new MinScaleSchedule.Raise(4, 8f)));
        EnhancedLossScaling scaler = new EnhancedLossScaling(16f, 2f, 1000, schedule);
        run(scaler, 6, false);
        assertEquals(16f, scaler.scale());
        assertTrue(scaler.events().isEmpty());
        run(scaler, 3, true);           // 16 -> 8, then held at the minimum 8
        assertEquals(8f, scaler.scale());
    }

    @Test
    void anInitialScaleBelowTheMinimumStartsAtTheMinimum() {
        assertEquals(256f, new EnhancedLossScaling(16f, 2f, 10, MinScaleSchedule.constant(256f)).scale());
    }

    @Test
    void eventsAreReadOnly() {
        LossScaler scaler = LossScaler.dynamic();
        scaler.update(true);
        assertThrows(UnsupportedOperationException.class, () -> scaler.events().clear());
    }

    @Test
    void schedulesMustGoUp() {
        assertThrows(IllegalArgumentException.class, () -> new MinScaleSchedule(8f,
                List.of(new MinScaleSchedule.Raise(10, 4f))));
        assertThrows(IllegalArgumentException.class, () -> new MinScaleSchedule(1f,
                List.of(new MinScaleSchedule.Raise(10, 4f), new MinScaleSchedule.Raise(10, 8f))));
        assertThrows(IllegalArgumentException.class, () -> new MinScaleSchedule(1f,
                List.of(new MinScaleSchedule.Raise(0, 4f))));
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaling(16f, 1f, 10));
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaling(16f, 2f, 0));
        assertThrows(IllegalArgumentException.class, () -> new StaticLossScaling(Float.POSITIVE_INFINITY));
    }
}
