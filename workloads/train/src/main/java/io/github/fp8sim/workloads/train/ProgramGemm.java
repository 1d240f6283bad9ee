package io.github.fp8sim.workloads.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.runtime.timing.CountedRun;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.compiler.training.GemmProgram;

/**
 * The training GEMMs run as the compiler's programs on the modelled machine: each GEMM is compiled by
 * {@link GemmProgram} (one or more programs over ranges of A's rows, in the untiled GEMM's accumulation
 * order, the accumulators leaving as exact FP32), its operands written to the machine's DRAM, run by the
 * {@link Interpreter} in functional mode, and its FP32 accumulators read back from DRAM. Every program is
 * also counted ({@link CountedRun}), so {@link #executed()} is the cost of the programs that really ran.
 * The bits are {@link ArrayGemm}'s.
 *
 * <p>One machine serves every GEMM, its DRAM pages reused; an instance is not thread-safe (the host
 * threads share the rows inside each GEMM instruction, as {@link Interpreter#threads} allows).
 */
final class ProgramGemm implements GemmEngine {

    private final MachineConfig config;
    private final Machine machine;
    private final GemmThreads threads;
    private final ActionCounts actions = new ActionCounts();
    private final Map<GemmShape, ExecutedGemms.PerShape> byShape = new LinkedHashMap<>();
    private ExecutedGemms.PerShape total = ExecutedGemms.PerShape.NONE;
    private long instructions;

    ProgramGemm(MachineConfig config, GemmThreads threads) {
        this.config = config;
        this.machine = new Machine(config);
        this.threads = threads;
    }

    @Override
    public float[] multiply(byte[] a, FloatFormat fa, byte[] b, FloatFormat fb, int m, int n, int k) {
        float[] c = new float[m * n];
        if (m == 0 || n == 0 || k == 0) {
            return c;
        }
        NumFormat na = operand(fa);
        NumFormat nb = operand(fb);
        int rows = GemmProgram.rowsPerProgram(config, m, n, k);
        machine.dram().write(GemmProgram.B, b, 0, k * n);
        ExecutedGemms.PerShape gemm = new ExecutedGemms.PerShape(1, 0, 0, 0);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mm = Math.min(rows, m - r0);
            GemmProgram.Layout at = GemmProgram.Layout.of(config, mm, n, k);
            machine.dram().write(at.a(), a, r0 * k, mm * k);
            Accounting cost = run(GemmProgram.program(config,
                    GemmProgram.layer("gemm " + m + "x" + n + "x" + k, mm, n, k, na, nb, at)));
            readFloats(at.c(), c, r0 * n, mm * n);
            gemm = gemm.plus(new ExecutedGemms.PerShape(0, 1, cost.macs(), cost.cycles()));
        }
        total = total.plus(gemm);
        byShape.merge(new GemmShape(m, n, k), gemm, ExecutedGemms.PerShape::plus);
        return c;
    }

    @Override
    public Optional<ExecutedGemms> executed() {
        return Optional.of(new ExecutedGemms(total.gemms(), total.programs(), instructions, total.macs(), total.cycles(),
                total.cycles() / (config.clockGhz() * 1e9), actions, byShape));
    }

    /** Runs {@code program} on the machine and counts it. */
    private Accounting run(Program program) {
        CountedRun run = CountedRun.on(machine, Mode.FUNCTIONAL).threads(threads);
        instructions += run.run(program);
        actions.addAll(run.accounting().actions());
        return run.accounting();
    }

    private void readFloats(long addr, float[] dst, int off, int len) {
        byte[] bytes = new byte[4 * len];
        machine.dram().read(addr, bytes, 0, bytes.length);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off, len);
    }

    private static NumFormat operand(FloatFormat f) {
        return Formats.numFormat(f).filter(NumFormat::isFp8).orElseThrow(() -> new IllegalArgumentException(
                "the machine's GEMM takes 8-bit formats it names, not " + f.name()));
    }
}
