package io.github.fp8sim.isa.insn;

/**
 * Encoding width in bits of each kind of instruction field. The records range-check against these and
 * {@code Opcode} lays its fields out with them, so a width is written once; bit positions live only in
 * {@code Opcode}.
 */
public final class Widths {
    /** The opcode byte. */
    public static final int OPCODE = 8;
    /** DRAM byte addresses: below 2^48. */
    public static final int DRAM_ADDR = 48;
    /** Scratchpad and accumulator byte addresses. */
    public static final int LOCAL_ADDR = 32;
    /** Rows, columns, m, n, k, leading dimensions (elements) and DMA row length (bytes). */
    public static final int DIM = 16;
    /** DMA strides, in bytes. */
    public static final int STRIDE = 32;
    /** Random bits per stochastic rounding, 1..31 (0 is not a valid value). */
    public static final int SR_BITS = 5;
    /** Quantize scale exponent, two's complement: -128..127. */
    public static final int SCALE_EXP = 8;
    /** An FP32 immediate, as its bit pattern. */
    public static final int IMM = 32;
    /** A config value, two's complement: -2^47..2^47-1. */
    public static final int CONFIG_VALUE = 48;
    /** A boolean. */
    public static final int FLAG = 1;

    /** {@link Space} codes. */
    public static final int SPACE = 2;
    /** {@link Dataflow} codes. */
    public static final int DATAFLOW = 2;
    /** {@link NumFormat} codes. */
    public static final int NUM_FORMAT = 3;
    /** A load's conversion: 0 = none, else the {@link NumFormat} code + 1. */
    public static final int LOAD_CONVERT = 4;
    /** {@link RoundMode} codes. */
    public static final int ROUND_MODE = 2;
    /** {@link OverflowMode} codes. */
    public static final int OVERFLOW_MODE = 1;
    /** {@link VectorFunc} codes. */
    public static final int VECTOR_FUNC = 5;
    /** {@link Broadcast} codes. */
    public static final int BROADCAST = 3;
    /** {@link ConfigKey} codes. */
    public static final int CONFIG_KEY = 2;

    private Widths() {
    }

    /** Largest unsigned value of a {@code bits}-wide field. */
    public static long maxUnsigned(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Smallest two's-complement value of a {@code bits}-wide field. */
    public static long minSigned(int bits) {
        return -(1L << (bits - 1));
    }

    /** Largest two's-complement value of a {@code bits}-wide field. */
    public static long maxSigned(int bits) {
        return (1L << (bits - 1)) - 1;
    }
}
