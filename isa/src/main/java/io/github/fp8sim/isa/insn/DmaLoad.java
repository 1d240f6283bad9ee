package io.github.fp8sim.isa.insn;

/**
 * {@code dma.load}: copies {@code rows} rows of {@code rowBytes} bytes from DRAM to the scratchpad or the
 * accumulator SRAM. Row i is read at {@code dramAddr + i * dramStride} and written at
 * {@code localAddr + i * localStride}; all addresses and strides are in bytes.
 *
 * <p>Into the accumulator a load may also convert and accumulate, as Gemmini's {@code mvin} to the
 * accumulator does: with {@code convertFrom} set, each row holds {@code rowBytes / (bits / 8)} elements
 * of that format, each widened exactly to FP32 (so a row of the accumulator gets 4 bytes per element);
 * with {@code accumulate}, each FP32 value is added to the word already there (FP32, round to nearest
 * even) instead of overwriting it. That is how FP8 tensors such as a residual branch reach the FP32
 * accumulators. A scratchpad load always copies bytes.
 *
 * @param dst         the local memory written: {@link Space#SPAD} or {@link Space#ACC}
 * @param dramAddr    first source byte in DRAM (48 bits)
 * @param localAddr   first destination byte in {@code dst} (32 bits)
 * @param rows        number of rows (16 bits)
 * @param rowBytes    bytes per row (16 bits)
 * @param dramStride  bytes between the starts of consecutive rows in DRAM (32 bits)
 * @param localStride bytes between the starts of consecutive rows in {@code dst} (32 bits)
 * @param convertFrom the format of the elements in DRAM, widened to FP32; {@code null}: copy bytes as they are
 * @param accumulate  add into the accumulator's FP32 words instead of overwriting them
 */
public record DmaLoad(Space dst, long dramAddr, long localAddr, int rows, int rowBytes, long dramStride,
        long localStride, NumFormat convertFrom, boolean accumulate) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public DmaLoad {
        Check.local("DmaLoad.dst", dst);
        Check.unsigned("DmaLoad.dramAddr", dramAddr, Widths.DRAM_ADDR);
        Check.unsigned("DmaLoad.localAddr", localAddr, Widths.LOCAL_ADDR);
        Check.unsigned("DmaLoad.rows", rows, Widths.DIM);
        Check.unsigned("DmaLoad.rowBytes", rowBytes, Widths.DIM);
        Check.unsigned("DmaLoad.dramStride", dramStride, Widths.STRIDE);
        Check.unsigned("DmaLoad.localStride", localStride, Widths.STRIDE);
        if ((convertFrom != null || accumulate) && dst != Space.ACC) {
            throw new IllegalArgumentException("DmaLoad: conversion and accumulation need dst acc, got " + dst.text());
        }
        if (convertFrom != null && rowBytes % (convertFrom.bits() / 8) != 0) {
            throw new IllegalArgumentException("DmaLoad.rowBytes = " + rowBytes + " is not a whole number of "
                    + convertFrom.text() + " elements");
        }
    }

    /** A plain copy: no conversion, no accumulation. */
    public DmaLoad(Space dst, long dramAddr, long localAddr, int rows, int rowBytes, long dramStride, long localStride) {
        this(dst, dramAddr, localAddr, rows, rowBytes, dramStride, localStride, null, false);
    }

    /** Bytes this load writes per row in {@code dst}: {@code rowBytes}, or 4 per element when converting. */
    public long localRowBytes() {
        return convertFrom == null ? rowBytes : (long) rowBytes / (convertFrom.bits() / 8) * 4;
    }
}
