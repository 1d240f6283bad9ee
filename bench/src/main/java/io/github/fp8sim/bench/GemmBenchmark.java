package io.github.fp8sim.bench;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.MacArray;
import io.github.fp8sim.datapath.random.SplitMix64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * GEMM throughput of the MAC array's fast kernels: output-stationary, FP32 accumulation, e5m2 x e5m2,
 * with the plain-Java kernel ({@code fp8}) and with the optional Vector API kernel ({@code fp8Vector}, in a
 * JVM of its own started with {@code --add-modules jdk.incubator.vector -Dfp8sim.vector=true}; same bits),
 * beside a plain FP32 GEMM with the plain kernel's packing, blocking and loops ({@code fp32},
 * {@link MacArray#gemmF32}: float operands copied instead of decoded). Shapes (M x N x K): 512^3, and
 * 3136 x 64 x 576, a ResNet-50 3x3 conv layer (56 x 56 outputs, 64 filters, 64 x 3 x 3 inputs) as a GEMM.
 *
 * <p>How to read it: the {@code gmac} rows are the result, in GMAC/s (the counter adds M*N*K / 10^9 per
 * call, and JMH divides by time in seconds, so "ops/s" there means 10^9 multiply-accumulates per
 * second). The plain rows count whole GEMMs per second. The FP8 figure should be within ~10% of the FP32
 * one: decoding happens once per operand element while packing, not per MAC. The Vector kernel's
 * register tiles should be about twice as fast as either (ARCHITECTURE.md section 4, "Speed facts").
 * Each variant checks in its setup that its JVM runs the kernel it is named after ({@code -f 0}, running
 * in JMH's own JVM, needs that JVM started with the flags for {@code fp8Vector}).
 *
 * <p>Traps avoided: C is returned so the JIT cannot drop the work; each call packs its operands as the
 * runtime's calls do (packing is part of the measured cost, not hoisted into setup); codes are drawn
 * from all finite e5m2 values, and the FP32 baseline multiplies the very same values, so neither side
 * sees easier data (no NaN, Inf or FP32 subnormal products, which would be an x86 slow path).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBenchmark {

    /** M x N x K. */
    @Param({"512x512x512", "3136x64x576"})
    String shape;

    int m;
    int n;
    int k;
    byte[] a;
    byte[] b;
    float[] af;
    float[] bf;
    float[] c;
    MacArray mac;

    /** Multiply-accumulates done, in units of 10^9; JMH reports it per second: GMAC/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public double gmac;

        @Setup(Level.Iteration)
        public void reset() {
            gmac = 0;
        }
    }

    @Setup
    public void setUp(BenchmarkParams params) {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        FloatFormat e5m2 = FloatFormat.E5M2;
        a = new byte[m * k];
        b = new byte[k * n];
        af = new float[a.length];
        bf = new float[b.length];
        long state = 7;
        for (int i = 0; i < a.length + b.length; i++) {
            state += SplitMix64.GOLDEN_GAMMA;
            long bits = SplitMix64.mix(state);
            // Any finite e5m2 code, either sign: magnitude 0x00..0x7B.
            int code = (int) ((bits >>> 1) % (e5m2.maxFiniteCode() + 1)) | ((bits & 1) == 0 ? 0 : 0x80);
            if (i < a.length) {
                a[i] = (byte) code;
                af[i] = e5m2.decode(code);
            } else {
                b[i - a.length] = (byte) code;
                bf[i - a.length] = e5m2.decode(code);
            }
        }
        c = new float[m * n];
        mac = new MacArray(new ArrayShape(16, 16), ArrayDataflow.OS, Accumulation.FP32);
        String expected = params.getBenchmark().endsWith(".fp8Vector") ? "vector" : "plain";
        if (!mac.kernelName().equals(expected)) {
            throw new IllegalStateException(params.getBenchmark() + " measures the " + expected
                    + " kernel but this JVM runs the " + mac.kernelName() + " one; the Vector API kernel needs"
                    + " --add-modules jdk.incubator.vector -Dfp8sim.vector=true, the plain one no -Dfp8sim.vector");
        }
    }

    @Benchmark
    public float[] fp8(Work work) {
        mac.gemm(a, 0, k, FloatFormat.E5M2, b, 0, n, FloatFormat.E5M2, c, 0, n, m, n, k, false);
        work.gmac += 1e-9 * MacArray.macs(m, n, k);
        return c;
    }

    /** The same GEMM with the Vector API kernel, which MacArray picks in this fork's JVM. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector",
        "-Dfp8sim.vector=true"})
    public float[] fp8Vector(Work work) {
        mac.gemm(a, 0, k, FloatFormat.E5M2, b, 0, n, FloatFormat.E5M2, c, 0, n, m, n, k, false);
        work.gmac += 1e-9 * MacArray.macs(m, n, k);
        return c;
    }

    @Benchmark
    public float[] fp32(Work work) {
        mac.gemmF32(af, 0, k, bf, 0, n, c, 0, n, m, n, k, false);
        work.gmac += 1e-9 * MacArray.macs(m, n, k);
        return c;
    }
}
