package io.github.fp8sim.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.datapath.round.StochasticRounder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FP32 -> FP8 conversion throughput over a 1M-element tensor, in elements per second (each
 * invocation converts {@link #SIZE} elements, declared with {@code @OperationsPerInvocation}).
 *
 * <p>What is measured: the {@link Quantizer} array path (rne, rz: auto-vectorised block kernels); the
 * SR unit drawing r = 8 bits per element from an LFSR bank or Philox through {@link StochasticRounder}
 * (element by element); the same LFSR draws made a block at a time into an {@code int[]} followed by
 * the Quantizer's vectorised SR path ({@code srLfsrArray}, what the rounder could do, checked equal to
 * {@code srLfsr} in setup) and that SR path alone on pre-drawn values ({@code srArray}); and the generic
 * {@link Converter} as the baseline the fast paths must beat. Traps avoided: the output array is
 * returned so the JIT cannot drop the work, and the input mixes magnitudes over many binades (normal,
 * subnormal, a few overflows) so branches and conversion fix-ups see a realistic gradient tensor rather
 * than one predictable case. Vectorisation can be confirmed by comparing with
 * {@code -jvmArgsAppend -XX:-UseSuperWord}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QuantizeBenchmark {

    static final int SIZE = 1 << 20;
    /** Random values drawn per block in srLfsrArray: small enough to stay in L1. */
    static final int DRAW_BLOCK = 4096;
    static final int LANES = 16;

    @Param({"e5m2", "e4m3"})
    String format;

    float[] src;
    byte[] dst;
    Quantizer rne;
    Quantizer rz;
    Quantizer sr;
    StochasticRounder srLfsr;
    StochasticRounder srPhilox;
    RandomSource lfsrBlocks;
    int[] drawn;
    int[] preDrawn;
    FloatFormat fmt;
    QuantSpec rneSpec;     // the generic converter's spec, built once here and not per element

    @Setup
    public void setUp() {
        fmt = FloatFormat.parse(format);
        src = new float[SIZE];
        dst = new byte[SIZE];
        long state = 42;
        for (int i = 0; i < SIZE; i++) {
            state += SplitMix64.GOLDEN_GAMMA;
            long bits = SplitMix64.mix(state);
            double u = (bits >>> 11) * 0x1.0p-53;
            float magnitude = (float) Math.pow(2, -20 + 38 * u);        // 2^-20 .. 2^18: subnormal to overflow
            src[i] = (bits & 1) == 0 ? magnitude : -magnitude;
        }
        rneSpec = QuantSpec.of(fmt, Rounding.RNE, Overflow.SATURATE);
        rne = new Quantizer(rneSpec);
        rz = new Quantizer(QuantSpec.of(fmt, Rounding.RZ, Overflow.SATURATE));
        QuantSpec srSpec = QuantSpec.of(fmt, Rounding.SR, Overflow.SATURATE);
        sr = new Quantizer(srSpec);
        srLfsr = new StochasticRounder(srSpec, RandomSource.create(RandomKind.LFSR, 1, LANES));
        srPhilox = new StochasticRounder(srSpec, RandomSource.create(RandomKind.PHILOX, 1, LANES));
        lfsrBlocks = RandomSource.create(RandomKind.LFSR, 1, LANES);
        drawn = new int[DRAW_BLOCK];
        preDrawn = new int[SIZE];
        RandomSource forPreDrawn = RandomSource.create(RandomKind.LFSR, 2, LANES);
        for (int i = 0; i < SIZE; i++) {
            preDrawn[i] = forPreDrawn.nextBits(i % LANES, i, srSpec.srBits());
        }
        // The block-drawing variant must compute what the rounder computes: same seed, same draw order.
        byte[] expected = new byte[SIZE];
        new StochasticRounder(srSpec, RandomSource.create(RandomKind.LFSR, 1, LANES)).round(src, 0, expected, 0, SIZE, 0);
        if (!Arrays.equals(expected, srLfsrArray())) {
            throw new IllegalStateException("srLfsrArray differs from StochasticRounder.round");
        }
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] rne() {
        rne.quantize(src, 0, dst, 0, SIZE);
        return dst;
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] rz() {
        rz.quantize(src, 0, dst, 0, SIZE);
        return dst;
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] srLfsr() {
        srLfsr.round(src, 0, dst, 0, SIZE, 0);
        return dst;
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] srPhilox() {
        srPhilox.round(src, 0, dst, 0, SIZE, 0);
        return dst;
    }

    /**
     * The LFSR draws of {@link #srLfsr} (lane = element mod lanes, one row), made {@link #DRAW_BLOCK} at a
     * time into an {@code int[]}, each block then rounded by the Quantizer's vectorised SR path.
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] srLfsrArray() {
        int r = sr.spec().srBits();
        int lane = 0;
        for (int start = 0; start < SIZE; start += DRAW_BLOCK) {
            int n = Math.min(DRAW_BLOCK, SIZE - start);
            for (int i = 0; i < n; i++) {
                drawn[i] = lfsrBlocks.nextBits(lane, start + i, r);
                if (++lane == LANES) {
                    lane = 0;
                }
            }
            sr.quantize(src, start, drawn, 0, dst, start, n);
        }
        return dst;
    }

    /** The vectorised SR path alone, on random values drawn in setup. */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] srArray() {
        sr.quantize(src, 0, preDrawn, 0, dst, 0, SIZE);
        return dst;
    }

    /** The generic converter, for comparison: the fast path is a cache of this. */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] rneGeneric() {
        for (int i = 0; i < SIZE; i++) {
            dst[i] = (byte) Converter.code(Converter.f32ToFormat(rneSpec, 0, Float.floatToRawIntBits(src[i])));
        }
        return dst;
    }
}
