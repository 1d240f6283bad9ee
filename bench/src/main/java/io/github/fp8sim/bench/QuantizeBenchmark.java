package io.github.fp8sim.bench;

import java.util.concurrent.TimeUnit;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
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
 * <p>What is measured: the {@link Quantizer} fast path (rne), the SR unit drawing r = 8 bits per
 * element from an LFSR bank or Philox, and the generic {@link Converter} as the baseline the fast
 * path must beat. Trap avoided: the output array is returned so the JIT cannot drop the work, and the
 * input mixes magnitudes over many binades (normal, subnormal, a few overflows) so the branches see a
 * realistic gradient tensor rather than one predictable case.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class QuantizeBenchmark {

    static final int SIZE = 1 << 20;

    @Param({"e5m2", "e4m3"})
    String format;

    float[] src;
    byte[] dst;
    Quantizer rne;
    StochasticRounder srLfsr;
    StochasticRounder srPhilox;
    FloatFormat fmt;

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
        rne = new Quantizer(QuantSpec.of(fmt, Rounding.RNE, Overflow.SATURATE));
        QuantSpec sr = QuantSpec.of(fmt, Rounding.SR, Overflow.SATURATE);
        srLfsr = new StochasticRounder(sr, RandomSource.create(RandomKind.LFSR, 1, 16));
        srPhilox = new StochasticRounder(sr, RandomSource.create(RandomKind.PHILOX, 1, 16));
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] rne() {
        rne.quantize(src, 0, dst, 0, SIZE);
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

    /** The generic converter, for comparison: the fast path is a cache of this. */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public byte[] rneGeneric() {
        for (int i = 0; i < SIZE; i++) {
            dst[i] = (byte) Converter.code(Converter.f32ToFormat(fmt, NanPolicy.MLDTYPES, Rounding.RNE, Overflow.SATURATE,
                    8, 0, Float.floatToRawIntBits(src[i])));
        }
        return dst;
    }
}
