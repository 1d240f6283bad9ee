package io.github.fp8sim.datapath.random;

import java.util.Arrays;

/**
 * A Galois linear-feedback shift register of width 2..64 bits: the random-bit source of one
 * hardware stochastic-rounding lane.
 *
 * <p>One step, exactly (the state always fits in {@code width} bits):
 * <pre>{@code
 * out = state & 1;
 * state >>>= 1;
 * if (out == 1) state ^= tapMask;
 * }</pre>
 * and {@code out} is the step's output bit.
 *
 * <p>Taps use the notation of Xilinx XAPP052 ("Efficient Shift Registers, LFSR Counters, and Long
 * Pseudo-Random Sequence Generators", table 3): a list such as {@code 32,22,2,1} whose largest entry
 * is the width. Tap {@code t} sets bit {@code t-1} of the toggle mask, so {@code 32,22,2,1} gives
 * {@code 0x80200003}. With this step the output stream obeys
 * {@code y[n] = XOR over taps t of y[n - t]}, the same recurrence as XAPP052's shift register, so a
 * maximal-length entry of that table gives period {@code 2^width - 1} here too.
 *
 * <p>{@link #nextBits(int)} is on the SR hot path. It advances up to 8 steps per table look-up
 * (the register is linear over GF(2): after {@code k <= 8} steps the state is
 * {@code (state >>> k) ^ T_k[state mod 2^k]} and the {@code k} output bits depend only on
 * {@code state mod 2^k}); it is tested bit-for-bit equal to the one-step loop.
 *
 * <p>Mutable and not thread-safe: one instance belongs to one lane. Nothing is allocated per draw.
 */
public final class GaloisLfsr {

    /** Default register width in bits (ARCHITECTURE.md section 2). */
    public static final int DEFAULT_WIDTH = 32;

    /** Default taps, {@code 32,22,2,1}: the 32-bit maximal-length entry of XAPP052 table 3 (mask {@code 0x80200003}). */
    private static final int[] DEFAULT_TAPS_COPY = {32, 22, 2, 1};

    /** A fresh copy of the default taps, {@code {32, 22, 2, 1}}. */
    public static int[] defaultTaps() {
        return DEFAULT_TAPS_COPY.clone();
    }

    /** Largest number of steps one table look-up advances. */
    private static final int CHUNK = 8;

    private final int width;
    private final long tapMask;
    /**
     * Jump tables, shared read-only by every register of the same width and mask. For k in 1..8 and
     * b in [0, 2^k), entry {@code (1 << k) | b} holds, for a state whose low k bits are b: in
     * {@code jumpState} the value to XOR into {@code state >>> k} after k steps, and in
     * {@code jumpOut} the k output bits, first one most significant.
     */
    private final long[] jumpState;

    private final byte[] jumpOut;
    private long state;

    /**
     * Creates a register.
     *
     * @param width register width in bits, 2..64
     * @param taps XAPP052 tap positions, each in 1..width, distinct, the largest equal to width
     * @param seed initial state: masked to the low {@code width} bits; a zero result is replaced by 1
     *     because an all-zero register never leaves zero
     * @throws IllegalArgumentException if the width or taps are invalid
     */
    public GaloisLfsr(int width, int[] taps, long seed) {
        this.width = width;
        this.tapMask = tapMask(width, taps);
        this.jumpState = new long[2 << CHUNK];
        this.jumpOut = new byte[2 << CHUNK];
        buildJumpTables(tapMask, jumpState, jumpOut);
        this.state = initialState(width, seed);
    }

    /**
     * Creates a register with the shape (width, taps and jump tables) of {@code shape} and a new seed,
     * sharing its read-only tables: a bank of lanes then costs one set of tables.
     */
    GaloisLfsr(GaloisLfsr shape, long seed) {
        this.width = shape.width;
        this.tapMask = shape.tapMask;
        this.jumpState = shape.jumpState;
        this.jumpOut = shape.jumpOut;
        this.state = initialState(width, seed);
    }

    /**
     * The toggle mask for XAPP052 taps: bit {@code t-1} set for every tap {@code t}.
     *
     * @param width register width in bits, 2..64
     * @param taps tap positions, each in 1..width, distinct, the largest equal to width
     * @return the mask, within the low {@code width} bits, with bit {@code width-1} set
     * @throws IllegalArgumentException if the width is outside 2..64, taps is null or empty, a tap is
     *     outside 1..width or repeated, or no tap equals the width
     */
    public static long tapMask(int width, int[] taps) {
        if (width < 2 || width > 64) {
            throw new IllegalArgumentException("LFSR width must be in 2..64, got " + width);
        }
        if (taps == null || taps.length == 0) {
            throw new IllegalArgumentException("LFSR taps must be a non-empty list, e.g. 32,22,2,1");
        }
        long mask = 0;
        int largest = 0;
        for (int tap : taps) {
            if (tap < 1 || tap > width) {
                throw new IllegalArgumentException(
                        "LFSR tap " + tap + " is outside 1.." + width + " for width " + width
                                + " (taps " + Arrays.toString(taps) + ")");
            }
            long bit = 1L << (tap - 1);
            if ((mask & bit) != 0) {
                throw new IllegalArgumentException(
                        "LFSR tap " + tap + " is repeated (taps " + Arrays.toString(taps) + ")");
            }
            mask |= bit;
            largest = Math.max(largest, tap);
        }
        if (largest != width) {
            throw new IllegalArgumentException(
                    "the largest LFSR tap must equal the width " + width + ", got " + largest
                            + " (taps " + Arrays.toString(taps) + ")");
        }
        return mask;
    }

    private static long initialState(int width, long seed) {
        long masked = seed & widthMask(width);
        return masked == 0 ? 1 : masked;
    }

    private static long widthMask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Fills the jump tables by running the one-step rule from every k-bit start value. */
    private static void buildJumpTables(long mask, long[] jumpState, byte[] jumpOut) {
        for (int k = 1; k <= CHUNK; k++) {
            for (int b = 0; b < (1 << k); b++) {
                long s = b;
                int out = 0;
                for (int j = 0; j < k; j++) {
                    int bit = (int) (s & 1);
                    out = (out << 1) | bit;
                    s = (s >>> 1) ^ (mask & -bit);
                }
                // Linearity: the high part (bits >= k) only shifts down during k steps and emits zeros,
                // so s here is exactly what gets XORed into (state >>> k).
                jumpState[(1 << k) | b] = s;
                jumpOut[(1 << k) | b] = (byte) out;
            }
        }
    }

    /**
     * Advances one step.
     *
     * @return the step's output bit, 0 or 1 (the state's least significant bit before the step)
     */
    public int nextBit() {
        int out = (int) (state & 1);
        state = (state >>> 1) ^ (tapMask & -out);
        return out;
    }

    /**
     * Advances {@code r} steps and returns their output bits, the first one as the most significant
     * bit: equal to {@code r} calls of {@link #nextBit()} assembled as {@code v = (v << 1) | bit}.
     *
     * @param r number of bits, 1..31
     * @return a value in [0, 2^r)
     * @throws IllegalArgumentException if r is outside 1..31
     */
    public int nextBits(int r) {
        if (r < 1 || r > 31) {
            throw new IllegalArgumentException("random bit count must be in 1..31, got " + r);
        }
        long s = state;
        int result = 0;
        while (r > CHUNK) {
            int index = (1 << CHUNK) | ((int) s & 0xFF);
            result = (result << CHUNK) | (jumpOut[index] & 0xFF);
            s = (s >>> CHUNK) ^ jumpState[index];
            r -= CHUNK;
        }
        int index = (1 << r) | ((int) s & ((1 << r) - 1));
        result = (result << r) | (jumpOut[index] & 0xFF);
        state = (s >>> r) ^ jumpState[index];
        return result;
    }

    /**
     * The current state.
     *
     * @return the state, read as unsigned: in [1, 2^width), never zero
     */
    public long state() {
        return state;
    }

    /**
     * The register width.
     *
     * @return width in bits, 2..64
     */
    public int width() {
        return width;
    }

    /**
     * The toggle mask XORed into the state after a step that outputs 1.
     *
     * @return the mask, see {@link #tapMask(int, int[])}
     */
    public long tapMask() {
        return tapMask;
    }
}
