package io.github.fp8sim.workloads.train;

import java.util.Optional;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.MacArray;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;

/**
 * The machine's MAC array as the training engine uses it: FP8 code matrices in, FP32 accumulators out,
 * in the array's dataflow order (ARCHITECTURE.md section 2), the rows shared by host threads without
 * changing a bit. The whole GEMM is one call of the array's kernel: no program, no memories, no cost.
 */
final class ArrayGemm implements GemmEngine {

    private final MacArray array;
    private final GemmThreads threads;

    ArrayGemm(MachineConfig machine, GemmThreads threads) {
        this.array = new MacArray(new ArrayShape(machine.array().rows(), machine.array().cols()), machine.array().dataflow(),
                new Accumulation(machine.numerics().accumulator(), machine.numerics().chunk()));
        this.threads = threads;
    }

    @Override
    public float[] multiply(byte[] a, FloatFormat fa, byte[] b, FloatFormat fb, int m, int n, int k) {
        float[] c = new float[m * n];
        if (k == 0) {
            return c;
        }
        threads.forRows(m, (long) m * n * k, (r0, rows) -> array.gemm(a, r0 * k, k, fa, b, 0, n, fb, c, r0 * n, n, rows, n, k,
                false));
        return c;
    }

    /** Nothing: the array is called directly, no program runs. */
    @Override
    public Optional<ExecutedGemms> executed() {
        return Optional.empty();
    }
}
