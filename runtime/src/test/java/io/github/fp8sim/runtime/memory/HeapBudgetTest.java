package io.github.fp8sim.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.runtime.io.InputException;
import org.junit.jupiter.api.Test;

class HeapBudgetTest {

    @Test
    void theLimitIsTheJvmsLessHeadroomUnlessThePropertySetsIt() {
        String before = System.getProperty(HeapBudget.LIMIT_PROPERTY);
        try {
            System.clearProperty(HeapBudget.LIMIT_PROPERTY);
            long max = Runtime.getRuntime().maxMemory();
            assertTrue(HeapBudget.limit() < max && HeapBudget.limit() >= max * 7 / 8 - (48L << 20));
            System.setProperty(HeapBudget.LIMIT_PROPERTY, "256m");
            assertEquals(256L << 20, HeapBudget.limit());
            HeapBudget.check("fits", 256L << 20);
            InputException e = assertThrows(InputException.class, () -> HeapBudget.check("run --model big", 31L << 30));
            assertEquals("run --model big: needs about 31.0 GiB of heap, the JVM has 256.0 MiB "
                    + "(set FP8SIM_JAVA_OPTS=-Xmx36g, on a machine with the memory)", e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(HeapBudget.LIMIT_PROPERTY);
            } else {
                System.setProperty(HeapBudget.LIMIT_PROPERTY, before);
            }
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
