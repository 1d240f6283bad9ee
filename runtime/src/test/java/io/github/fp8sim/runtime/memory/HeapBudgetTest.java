package io.github.fp8sim.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.testkit.SystemProperty;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {

    @Test
    void theLimitIsTwoThirdsOfTheJvmsLessItsBaseUnlessThePropertySetsIt() {
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(Math.max(0, max / 3 * 2 - (32L << 20)), (long) SystemProperty.with(HeapBudget.LIMIT_PROPERTY, null, HeapBudget::limit));
        SystemProperty.with(HeapBudget.LIMIT_PROPERTY, "256m", () -> {
            assertEquals(256L << 20, HeapBudget.limit());
            HeapBudget.check("fits", 256L << 20);
            InputException e = assertThrows(InputException.class, () -> HeapBudget.check("run --model big", 31L << 30));
            assertEquals("run --model big: needs about 31.0 GiB of heap, the JVM has 256.0 MiB "
                    + "(set FP8SIM_JAVA_OPTS=-Xmx47g, on a machine with the memory)", e.getMessage());
            return null;
        });
    }

    @Test
    void theSuggestedHeapHoldsTheJob() {
        for (long bytes : new long[] {1, 100L << 20, 5L << 30, 31L << 30}) {
            long xmx = HeapBudget.suggestedXmxGib(bytes) << 30;
            assertTrue(xmx / 3 * 2 - HeapBudget.BASE >= bytes, bytes + " in -Xmx" + HeapBudget.suggestedXmxGib(bytes) + "g");
        }
    }

    @Test
    void sizesAndSaturatingArithmetic() {
        assertEquals(12L << 10, HeapBudget.parseSize("12k"));
        assertEquals(3L << 30, HeapBudget.parseSize("3G"));
        assertEquals(1000, HeapBudget.parseSize("1000"));
        assertEquals("1.5 GiB", HeapBudget.size(3L << 29));
        assertEquals("2.0 MiB", HeapBudget.size(2L << 20));
        assertEquals(Long.MAX_VALUE, HeapBudget.plus(Long.MAX_VALUE - 1, 5));
        assertEquals(Long.MAX_VALUE, HeapBudget.times(1L << 40, 1L << 40));
        assertEquals(12, HeapBudget.times(3, 4));
    }
}
