package io.github.fp8sim.workloads.compiler.training;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.workloads.compiler.DramAllocator;
import io.github.fp8sim.workloads.compiler.Epilogue;
import io.github.fp8sim.workloads.compiler.GemmLayer;
import io.github.fp8sim.workloads.compiler.GemmLowering;
import io.github.fp8sim.workloads.compiler.Operand;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.compiler.TilePlan;

/**
 * A training GEMM C (m x n, FP32) = A (m x k) B (k x n) as programs for the machine: each program is a
 * {@link GemmLowering} of a contiguous range of A's rows, tiled by {@link TilePlan} with K tiles in whole
 * multiples of the array's R or of its OS chunk, so the accumulation order is the untiled GEMM's (a
 * machine whose SRAMs fit no such tile is an {@link IllegalArgumentException}, never another order).
 *
 * <p>The accumulators leave exactly: the quantize unit's FP32 "conversion" is exact with overflow to
 * Inf, so a +-Inf accumulator stays Inf (saturation would make it +-FLT_MAX), NaN accumulators are
 * already the array's canonical 0x7FC00000, and the only rounding is the array's own.
 *
 * <p>DRAM of one program ({@link DramAllocator}, from address 0): B [k][n], the program's rows of A,
 * their FP32 outputs. When A and C do not fit beside B, the GEMM runs as several programs over row
 * ranges (B written once): an output row depends on its own A row and on B only, in the same K order
 * whatever the M tiling, so the split changes no bit, only the cost (each program loads B's tiles again).
 */
public final class GemmProgram {

    /** The accumulators as they are: FP32, exact; Inf stays Inf. */
    public static final OutputSpec FP32_EXACT = new OutputSpec(NumFormat.FP32, RoundMode.RNE, OverflowMode.INF, 8, 0);

    /** B's address: the start of DRAM. */
    public static final long B = 0;

    private GemmProgram() {
    }

    /** Where one program's rows of A and their outputs sit in DRAM, after B. */
    public record Layout(long a, long c) {

        /** The layout of a program of {@code rows} rows of A. */
        public static Layout of(MachineConfig config, int rows, int n, int k) {
            DramAllocator dram = new DramAllocator(B, config.dram().bytes());
            dram.take((long) k * n);
            long a = dram.take((long) rows * k);
            return new Layout(a, dram.take(4L * rows * n));
        }
    }

    /**
     * The most rows of A (with their outputs) that fit the DRAM beside B, at most m.
     *
     * @throws IllegalArgumentException if B and one row of A and C do not fit
     */
    public static int rowsPerProgram(MachineConfig config, int m, int n, int k) {
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

    /** The GEMM of {@code rows} rows of A laid out as {@code at}, its output the FP32 accumulators. */
    public static GemmLayer layer(String name, int rows, int n, int k, NumFormat fa, NumFormat fb, Layout at) {
        return new GemmLayer(name, rows, n, k, new Operand(at.a(), k, fa), new Operand(B, n, fb),
                Epilogue.quantize(FP32_EXACT), at.c(), 4L * n);
    }

    /**
     * {@code layer}'s instructions and a halt.
     *
     * @throws IllegalArgumentException if the machine's SRAMs would make its K tiles change the accumulation order
     */
    public static Program program(MachineConfig config, GemmLayer layer) {
        List<Instruction> insns = new ArrayList<>();
        GemmLowering.emit(layer, config, plan(config, layer), insns);
        insns.add(new Halt());
        return new Program(insns);
    }

    /**
     * Checks, without emitting anything, that {@code config} can run the GEMM {@code name} (m x n x k) as
     * these programs: its operands fit the DRAM and its K tiles keep the accumulation order.
     *
     * @throws IllegalArgumentException naming the GEMM and what does not fit
     */
    public static void check(MachineConfig config, String name, int m, int n, int k) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        try {
            int rows = rowsPerProgram(config, m, n, k);
            for (int mm : new int[] {rows, m % rows}) {     // the programs' row counts: full ones and the last
                if (mm > 0) {
                    plan(config, layer(name, mm, n, k, NumFormat.E5M2, NumFormat.E5M2, Layout.of(config, mm, n, k)));
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
}
