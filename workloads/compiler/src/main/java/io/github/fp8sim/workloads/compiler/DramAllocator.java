package io.github.fp8sim.workloads.compiler;

/**
 * Bump allocation of a program's DRAM regions: each region starts on the next page boundary after the
 * one before, and nothing is ever freed (a compiled program's tensors all live for the whole run).
 *
 * <p>Why pages: a region that starts on its own {@value #PAGE}-byte boundary (a DRAM page in most
 * controllers) shares no page with its neighbours, so the addresses a program uses are readable in a
 * trace and one tensor's DMA never touches another's page. Only the region's own bytes must lie inside
 * the DRAM; the padding up to the next boundary is not used and need not exist.
 *
 * <p>Not thread-safe; one allocator lays out one program.
 */
public final class DramAllocator {

    /** Regions start on multiples of this many bytes: a DRAM page in most controllers. */
    public static final long PAGE = 4096;

    private final long capacity;
    private long next;

    /**
     * @param start    where the first region starts: a multiple of {@link #PAGE}, at least 0
     * @param capacity the DRAM's size in bytes; every region must end at or before it
     */
    public DramAllocator(long start, long capacity) {
        if (start < 0 || start % PAGE != 0) {
            throw new IllegalArgumentException("the first region must start on a page boundary, got " + start);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("DRAM capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.next = start;
    }

    /**
     * Reserves {@code bytes} and returns where they start; the next region starts on the page boundary
     * at or after their end.
     *
     * A zero-byte region takes no room and always fits: it stands for a tensor a program does not use.
     *
     * @throws Exhausted if the region would end past the DRAM's capacity (nothing is reserved then)
     */
    public long take(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a region cannot have " + bytes + " bytes");
        }
        long at = next;
        if (bytes > 0 && bytes > capacity - at) {     // at + bytes > capacity, without overflowing
            throw new Exhausted(at, bytes, capacity);
        }
        next = align(at + bytes);
        return at;
    }

    /** Where the next region would start: the page boundary after everything reserved so far. */
    public long next() {
        return next;
    }

    /** The DRAM's size in bytes. */
    public long capacity() {
        return capacity;
    }

    /** {@code addr} rounded up to a multiple of {@link #PAGE}. */
    public static long align(long addr) {
        return Math.ceilDiv(addr, PAGE) * PAGE;
    }

    /** A region that does not fit the rest of the DRAM. */
    public static final class Exhausted extends IllegalArgumentException {

        private final long end;
        private final long capacity;

        Exhausted(long at, long bytes, long capacity) {
            super("a region of " + bytes + " bytes at " + at + " ends past the " + capacity + " bytes of DRAM");
            this.end = bytes > Long.MAX_VALUE - at ? Long.MAX_VALUE : at + bytes;
            this.capacity = capacity;
        }

        /** Where the region would end: the DRAM size the layout needs so far. */
        public long end() {
            return end;
        }

        /** The DRAM's size in bytes. */
        public long capacity() {
            return capacity;
        }
    }
}
