package io.github.fp8sim.workloads.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.DramAllocator;
import io.github.fp8sim.workloads.compiler.Epilogue;
import io.github.fp8sim.workloads.compiler.Operand;
import io.github.fp8sim.workloads.compiler.GemmLayer;
import io.github.fp8sim.workloads.compiler.GemmLowering;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.compiler.TilePlan;
import io.github.fp8sim.runtime.timing.CountedRun;

/**
 * The training GEMMs run as the compiler's programs on the modelled machine: each GEMM is lowered by
 * {@link GemmLowering} (tiled by {@link TilePlan}, the tiles' K in whole multiples of the array's R or
 * of its OS chunk, so the accumulation order is the untiled GEMM's; SRAMs too small for such a tile
 * are an {@link IllegalArgumentException}, never another order), its operands written to the machine's
 * DRAM, run by the {@link Interpreter} in functional mode, and its FP32 accumulators read back from
 * DRAM. Every program is also counted ({@link Accounting}), so {@link #executed()} is the cost of the
 * programs that really ran.
 *
 * <p>The bits are {@link ArrayGemm}'s: the quantize unit's FP32 "conversion" of an accumulator is exact,
 * with overflow to Inf, so a +-Inf accumulator stays Inf (saturation would turn it into +-FLT_MAX), NaN
 * accumulators are already the array's canonical 0x7FC00000, and the only rounding is the array's own.
 *
 * <p>DRAM layout of one program, on 4 KiB boundaries from address 0: B [k][n], the rows of A, their
 * FP32 outputs. When A and C do not fit beside B in the machine's DRAM, the GEMM runs as several
 * programs, each over a contiguous range of A's rows (B written once): an output row depends on its
 * own A row and on B only, in the same K order whatever the M tiling, so the split changes no bit, only
 * the cost (each program loads B's tiles again). A GEMM whose B and one row of A and C do not fit is an
 * {@link IllegalArgumentException}.
 *
 * <p>One machine serves every GEMM, its DRAM pages reused; an instance is not thread-safe (the host
 * threads share the rows inside each GEMM instruction, as {@link Interpreter#threads} allows).
 */
final class ProgramGemm implements GemmEngine {

    /** The accumulators as they are: FP32, exact; Inf stays Inf. */
    private static final OutputSpec FP32_EXACT = new OutputSpec(NumFormat.FP32, RoundMode.RNE, OverflowMode.INF, 8, 0);

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
        int rows = rowsPerProgram(config, m, n, k);
        machine.dram().write(Layout.B, b, 0, k * n);
        ExecutedGemms.PerShape gemm = new ExecutedGemms.PerShape(1, 0, 0, 0);
        for (int r0 = 0; r0 < m; r0 += rows) {
            int mm = Math.min(rows, m - r0);
            Layout at = Layout.of(config, mm, n, k);
            machine.dram().write(at.a(), a, r0 * k, mm * k);
            Accounting cost = run(new GemmLayer("gemm " + m + "x" + n + "x" + k, mm, n, k, new Operand(at.a(), k, na),
                    new Operand(Layout.B, n, nb), Epilogue.quantize(FP32_EXACT), at.c(), 4L * n));
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

    /** Compiles {@code layer} with its FP32 output and a halt, runs it on the machine and counts it. */
    private Accounting run(GemmLayer layer) {
        TilePlan plan = plan(config, layer);
        List<Instruction> insns = new ArrayList<>();
        GemmLowering.emit(layer, config, plan, insns);
        insns.add(new Halt());
        CountedRun run = CountedRun.on(machine, Mode.FUNCTIONAL).threads(threads);
        instructions += run.run(new Program(insns));
        actions.addAll(run.accounting().actions());
        return run.accounting();
    }

    /**
     * Checks, without running anything, that {@code config} can run the GEMM {@code name} (m x n x k) as
     * {@link #multiply} would: its operands fit the DRAM and its K tiles keep the accumulation order.
     *
     * @throws IllegalArgumentException naming the GEMM and what does not fit
     */
    static void check(MachineConfig config, String name, int m, int n, int k) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        try {
            int rows = rowsPerProgram(config, m, n, k);
            for (int mm : new int[] {rows, m % rows}) {     // the programs' row counts: full ones and the last
                if (mm > 0) {
                    Layout at = Layout.of(config, mm, n, k);
                    plan(config, new GemmLayer(name, mm, n, k, new Operand(at.a(), k, NumFormat.E5M2),
                            new Operand(Layout.B, n, NumFormat.E5M2), Epilogue.quantize(FP32_EXACT), at.c(), 4L * n));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(name) ? e.getMessage() : name + ": " + e.getMessage(), e);
        }
    }

    /** The layer's tiling, refused when its K tiles would change the accumulation order. */
    private static TilePlan plan(MachineConfig config, GemmLayer layer) {
        TilePlan plan = TilePlan.of(config, layer);
        if (!plan.keepsAccumulationOrder(config, layer.k())) {
            throw new IllegalArgumentException(layer.name() + ": " + config.name() + "'s SRAMs fit K tiles of " + plan.kTile()
                    + " only, not a multiple of " + TilePlan.kAlignment(config) + ": the program would sum in another order");
        }
        return plan;
    }

    /**
     * Where one program's operands sit in DRAM ({@link DramAllocator}): B from address 0, then the
     * program's rows of A, then their FP32 outputs.
     */
    private record Layout(long a, long c) {

        /** B's address: the start of DRAM. */
        static final long B = 0;

        static Layout of(MachineConfig config, int rows, int n, int k) {
            DramAllocator dram = new DramAllocator(B, config.dram().bytes());
            dram.take((long) k * n);
            long a = dram.take((long) rows * k);
            return new Layout(a, dram.take(4L * rows * n));
        }
    }

    /** The most rows of A (with their outputs) that fit the DRAM beside B, at most m. */
    private static int rowsPerProgram(MachineConfig config, int m, int n, int k) {
        long perRow = k + 4L * n;
        long aAddr = DramAllocator.align((long) k * n);
        long room = config.dram().bytes() - aAddr - DramAllocator.PAGE;     // PAGE: the most C's alignment can skip
        long rows = Math.min(m, room / perRow);
        if (rows < 1) {
            throw new IllegalArgumentException("GEMM " + m + "x" + n + "x" + k + ": B (" + (long) k * n + " bytes) and one row of A "
                    + "and C (" + perRow + " bytes) do not fit the " + config.dram().bytes() + " bytes of " + config.name() + "'s DRAM");
        }
        return (int) rows;
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
