package io.github.fp8sim.runtime.memory;

/**
 * The scratchpad: byte-addressed SRAM holding FP8 codes (one byte each) and wider data (FP16/BF16
 * little-endian in two bytes, FP32 in four). Banks matter to timing only; data is one flat array so
 * the MAC array reads operands in place.
 */
public final class Scratchpad {
    private final byte[] data;

    public Scratchpad(long size) {
        this.data = new byte[Math.toIntExact(size)];
    }

    public long size() {
        return data.length;
    }

    /** The backing array, for the MAC array and DMA (callers check regions first). */
    public byte[] data() {
        return data;
    }

    /** Checks a 2-D region of this memory. */
    public void check(long addr, long rows, long rowBytes, long stride) {
        AccessException.checkRegion("scratchpad", addr, rows, rowBytes, stride, data.length);
    }
}
