package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Learning-rate schedules at the steps where their formulas are easy to evaluate by hand. */
class LrScheduleTest {

    @Test
    void constantIsTheSameAtEveryStep() {
        LrSchedule lr = new LrSchedule.Constant(0.1);
        assertEquals(0.1, lr.lr(0));
        assertEquals(0.1, lr.lr(1_000_000));
    }

    @Test
    void stepDecayMultipliesByGammaEveryInterval() {
        // ResNet's classic recipe in steps: 0.1, x0.1 every 30 "epochs" of 100 steps.
        LrSchedule lr = new LrSchedule.StepDecay(0.1, 0.1, 3000);
        assertEquals(0.1, lr.lr(0));
        assertEquals(0.1, lr.lr(2999));
        assertEquals(0.1 * 0.1, lr.lr(3000), 1e-18);
        assertEquals(0.1 * 0.1 * 0.1, lr.lr(6000), 1e-18);
    }

    @Test
    void cosineFallsFromBaseToMinThenStays() {
        LrSchedule lr = new LrSchedule.Cosine(1.0, 0.1, 100);
        assertEquals(1.0, lr.lr(0));
        assertEquals(0.55, lr.lr(50), 1e-15);                                     // cos(pi/2) = 0
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2, lr.lr(25), 1e-15);
        assertEquals(0.1, lr.lr(100));
        assertEquals(0.1, lr.lr(5000));
    }

    @Test
    void warmupRampsLinearlyToTheScheduleItWraps() {
        LrSchedule lr = new LrSchedule.Warmup(new LrSchedule.Constant(0.8), 4);
        assertEquals(0.2, lr.lr(0), 1e-15);
        assertEquals(0.4, lr.lr(1), 1e-15);
        assertEquals(0.6, lr.lr(2), 1e-15);
        assertEquals(0.8, lr.lr(3));
        assertEquals(0.8, lr.lr(4));
        LrSchedule cosine = new LrSchedule.Warmup(new LrSchedule.Cosine(1.0, 0.0, 100), 10);
        assertEquals(new LrSchedule.Cosine(1.0, 0.0, 100).lr(50), cosine.lr(50));
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Constant(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.StepDecay(0.1, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Warmup(null, 5));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Warmup(new LrSchedule.Constant(1), 0));
    }
}
