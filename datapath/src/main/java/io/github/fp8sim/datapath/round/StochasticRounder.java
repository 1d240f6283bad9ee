package io.github.fp8sim.datapath.round;

import io.github.fp8sim.datapath.random.RandomSource;

/**
 * A bank of stochastic-rounding units: one {@link Quantizer} with SR and a {@link RandomSource}
 * whose lanes are the array's columns. Each rounding draws r bits, the contract of ARCHITECTURE.md
 * section 2: when a tile [rows x cols] is quantized, column j uses lane j mod lanes, rows in
 * increasing order (the tile is walked row by row, columns increasing), and element indices (for
 * counter-based sources) are {@code elementBase + row * cols + column}.
 *
 * <p>Not thread-safe when the source is stateful (an LFSR bank advances): give each machine its own.
 */
public final class StochasticRounder {

    private final Quantizer quantizer;
    private final RandomSource source;
    private final int srBits;
    private final int lanes;

    /** @param spec an SR spec; its {@code srBits} is r */
    public StochasticRounder(QuantSpec spec, RandomSource source) {
        if (spec.rounding() != Rounding.SR) {
            throw new IllegalArgumentException("a stochastic rounder needs rounding sr, got " + spec.rounding().cliName());
        }
        this.quantizer = new Quantizer(spec);
        this.source = source;
        this.srBits = spec.srBits();
        this.lanes = source.lanes();
    }

    public QuantSpec spec() {
        return quantizer.spec();
    }

    public RandomSource source() {
        return source;
    }

    /** Draws r bits from {@code lane} (for {@code element}) and rounds one FP32 value. */
    public int round(int f32Bits, int lane, long element) {
        return quantizer.quantize(f32Bits, source.nextBits(lane, element, srBits));
    }

    /** Like {@link #round} with {@link FpFlags}, packed as {@link Converter} does. */
    public long roundWithFlags(int f32Bits, int lane, long element) {
        return quantizer.quantizeWithFlags(f32Bits, source.nextBits(lane, element, srBits));
    }

    /**
     * Rounds a row-major tile of FP32 values to 8-bit codes, drawing in the contract's order.
     *
     * @param elementBase the tensor index of the tile's first element (for counter-based sources)
     */
    public void roundTile(float[] src, int srcOffset, int rows, int cols, byte[] dst, int dstOffset, long elementBase) {
        if (quantizer.format().totalBits() > 8) {
            throw new IllegalStateException(quantizer.format().name() + " codes do not fit a byte");
        }
        for (int i = 0; i < rows; i++) {
            int lane = 0;
            int rowStart = i * cols;
            for (int j = 0; j < cols; j++) {
                int random = source.nextBits(lane, elementBase + rowStart + j, srBits);
                dst[dstOffset + rowStart + j] = (byte) quantizer.quantize(Float.floatToRawIntBits(src[srcOffset + rowStart + j]), random);
                if (++lane == lanes) {
                    lane = 0;
                }
            }
        }
    }

    /** Rounds a vector as a one-row tile: element i uses lane i mod lanes. */
    public void round(float[] src, int srcOffset, byte[] dst, int dstOffset, int len, long elementBase) {
        roundTile(src, srcOffset, 1, len, dst, dstOffset, elementBase);
    }
}
