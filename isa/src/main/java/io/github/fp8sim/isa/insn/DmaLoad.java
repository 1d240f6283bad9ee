package io.github.fp8sim.isa.insn;

/**
 * {@code dma.load}: copies {@code rows} rows of {@code rowBytes} bytes from DRAM to the scratchpad or the
 * accumulator SRAM. Row i is read at {@code dramAddr + i * dramStride} and written at
 * {@code localAddr + i * localStride}; all addresses and strides are in bytes.
 *
 * @param dst         the local memory written: {@link Space#SPAD} or {@link Space#ACC}
 * @param dramAddr    first source byte in DRAM (48 bits)
 * @param localAddr   first destination byte in {@code dst} (32 bits)
 * @param rows        number of rows (16 bits)
 * @param rowBytes    bytes per row (16 bits)
 * @param dramStride  bytes between the starts of consecutive rows in DRAM (32 bits)
 * @param localStride bytes between the starts of consecutive rows in {@code dst} (32 bits)
 */
public record DmaLoad(Space dst, long dramAddr, long localAddr, int rows, int rowBytes, long dramStride,
        long localStride) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public DmaLoad {
        Check.local("DmaLoad.dst", dst);
        Check.unsigned("DmaLoad.dramAddr", dramAddr, Widths.DRAM_ADDR);
        Check.unsigned("DmaLoad.localAddr", localAddr, Widths.LOCAL_ADDR);
        Check.unsigned("DmaLoad.rows", rows, Widths.DIM);
        Check.unsigned("DmaLoad.rowBytes", rowBytes, Widths.DIM);
        Check.unsigned("DmaLoad.dramStride", dramStride, Widths.STRIDE);
        Check.unsigned("DmaLoad.localStride", localStride, Widths.STRIDE);
    }
}
