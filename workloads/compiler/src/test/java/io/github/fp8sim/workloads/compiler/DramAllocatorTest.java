package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bump allocation on 4 KiB pages, worked out by hand. */
class DramAllocatorTest {

    @Test
    void regionsFollowEachOtherOnTheNextPageBoundary() {
        DramAllocator dram = new DramAllocator(4096, 1 << 20);
        assertEquals(4096, dram.take(1));          // 4096..4096, next page 8192
        assertEquals(8192, dram.take(4096));       // exactly one page: the next starts right after it
        assertEquals(12288, dram.take(4097));      // one byte into a second page: skips to 20480
        assertEquals(20480, dram.next());
    }

    @Test
    void aZeroByteRegionTakesNoRoom() {
        DramAllocator dram = new DramAllocator(0, 8192);
        assertEquals(0, dram.take(10));
        assertEquals(4096, dram.take(0));
        assertEquals(4096, dram.take(4096));
        assertEquals(8192, dram.take(0));          // at the very end, still fits: it needs no byte
    }

    @Test
    void aRegionMustEndInsideTheDramButItsPaddingNeedNot() {
        DramAllocator dram = new DramAllocator(0, 5000);
        assertEquals(0, dram.take(4000));
        assertEquals(4096, dram.take(904));        // ends at 5000 exactly; its page would run to 8192
        DramAllocator.Exhausted e = assertThrows(DramAllocator.Exhausted.class, () -> dram.take(1));
        assertEquals(8193, e.end());
        assertEquals(5000, e.capacity());
    }

    @Test
    void aRefusedRegionReservesNothing() {
        DramAllocator dram = new DramAllocator(4096, 3 * 4096);
        assertThrows(DramAllocator.Exhausted.class, () -> dram.take(2 * 4096 + 1));
        assertEquals(4096, dram.next());
        assertEquals(4096, dram.take(2 * 4096));   // what does fit is still there
    }

    @Test
    void hugeRegionsAreRefusedWithoutOverflowing() {
        DramAllocator dram = new DramAllocator(4096, 1L << 48);
        DramAllocator.Exhausted e = assertThrows(DramAllocator.Exhausted.class, () -> dram.take(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, e.end());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DramAllocator(100, 1 << 20));   // not on a page
        assertThrows(IllegalArgumentException.class, () -> new DramAllocator(-4096, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new DramAllocator(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new DramAllocator(0, 1 << 20).take(-1));
    }

    @Test
    void alignRoundsUpToAPage() {
        assertEquals(0, DramAllocator.align(0));
        assertEquals(4096, DramAllocator.align(1));
        assertEquals(4096, DramAllocator.align(4096));
        assertEquals(8192, DramAllocator.align(4097));
    }
}
