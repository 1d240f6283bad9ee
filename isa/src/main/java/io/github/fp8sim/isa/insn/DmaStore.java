package io.github.fp8sim.isa.insn;

/**
 * {@code dma.store}: copies {@code rows} rows of {@code rowBytes} bytes from the scratchpad or the
 * accumulator SRAM to DRAM. Row i is read at {@code localAddr + i * localStride} and written at
 * {@code dramAddr + i * dramStride}; all addresses and strides are in bytes.
 *
 * @param src         the local memory read: {@link Space#SPAD} or {@link Space#ACC}
 * @param localAddr   first source byte in {@code src} (32 bits)
 * @param dramAddr    first destination byte in DRAM (48 bits)
 * @param rows        number of rows (16 bits)
 * @param rowBytes    bytes per row (16 bits)
 * @param localStride bytes between the starts of consecutive rows in {@code src} (32 bits)
 * @param dramStride  bytes between the starts of consecutive rows in DRAM (32 bits)
 */
public record DmaStore(Space src, long localAddr, long dramAddr, int rows, int rowBytes, long localStride,
        long dramStride) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public DmaStore {
        Check.local("DmaStore.src", src);
        Check.unsigned("DmaStore.localAddr", localAddr, Widths.LOCAL_ADDR);
        Check.unsigned("DmaStore.dramAddr", dramAddr, Widths.DRAM_ADDR);
        Check.unsigned("DmaStore.rows", rows, Widths.DIM);
        Check.unsigned("DmaStore.rowBytes", rowBytes, Widths.DIM);
        Check.unsigned("DmaStore.localStride", localStride, Widths.STRIDE);
        Check.unsigned("DmaStore.dramStride", dramStride, Widths.STRIDE);
    }
}
