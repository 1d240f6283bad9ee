package io.github.fp8sim.runtime.timing;

import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.FoldModel;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyAction;

/**
 * Cycles and action counts of each instruction on a machine: the cycle-approximate machine model.
 *
 * <h2>MAC array (GEMM of M x K by K x N on an R x C array)</h2>
 * Folds are SCALE-Sim's (ARCHITECTURE.md section 4): {@code os} ceil(M/R) x ceil(N/C), {@code ws}
 * ceil(K/R) x ceil(N/C), {@code is} ceil(K/R) x ceil(M/C). The machine model lets folds pipeline
 * back to back, as the hardware does with double-buffered weight and output registers:
 * <ul>
 *   <li>{@code os}: each fold streams K operand wavefronts; the skewed fill (R + C - 2) and the final
 *       drain of R output rows are paid once: {@code folds * max(K, R) + (R + C - 2) + R};</li>
 *   <li>{@code ws}: the first R x C weight block preloads in R cycles, later ones load while the
 *       previous fold streams its M rows: {@code R + folds * max(M, R) + (R + C - 2)};</li>
 *   <li>{@code is}: ws with M and N exchanged: {@code R + folds * max(N, R) + (R + C - 2)}.</li>
 * </ul>
 * The array also cannot outrun its SRAMs: the instruction takes at least (scratchpad bytes read) /
 * (scratchpad bytes per cycle) and likewise for the accumulator. Worked example: a 16x16 ws array,
 * M = N = K = 64: 16 folds; machine model 16 + 16 x 64 + 30 = 1070 cycles; SCALE-Sim's
 * non-pipelined figure, reported beside it as {@code compute_cycles}, is 16 x (64 + 32 + 16 - 2) - 1 = 1759.
 *
 * <h2>Other units</h2>
 * DMA: latency + ceil(bytes / DRAM bytes per cycle). Quantize: ceil(elements / SR lanes) + 2 cycles of
 * pipeline, on the vector unit's timeline. Vector ops: ceil(elements / lanes) + 4 cycles of pipeline.
 * Config, fence and halt take no unit time.
 */
public final class CostModel {

    /** Pipeline depth of the quantize path (read, scale and round, write). */
    static final int QUANTIZE_LATENCY = 2;
    /** Pipeline depth of the vector unit. */
    static final int VECTOR_LATENCY = 4;

    private final MachineConfig machine;
    private final ArrayShape shape;

    public CostModel(MachineConfig machine) {
        this.machine = machine;
        this.shape = new ArrayShape(machine.array().rows(), machine.array().cols());
    }

    public Cost of(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> dmaLoad(d);
            case DmaStore d -> dma(Unit.DMA_OUT, d.src(), (long) d.rows() * d.rowBytes(), false);
            case Gemm g -> gemm(g);
            case Quantize q -> quantize(q);
            case VectorOp v -> vector(v);
            case Config c -> none();
            case Fence f -> none();
            case Halt h -> none();
        };
    }

    private static Cost none() {
        return new Cost(Unit.NONE, 0, 0, 0, 0, new ActionCounts());
    }

    /** A load moves rowBytes per row from DRAM; into the accumulator it may widen (4 bytes per element) and add. */
    private Cost dmaLoad(DmaLoad d) {
        Cost plain = dma(Unit.DMA_IN, d.dst(), (long) d.rows() * d.rowBytes(), true);
        if (d.convertFrom() == null && !d.accumulate()) {
            return plain;
        }
        long dramBytes = (long) d.rows() * d.rowBytes();
        long accBytes = d.rows() * d.localRowBytes();
        ActionCounts a = new ActionCounts();
        a.add(EnergyAction.DRAM_BYTE, dramBytes);
        a.add(EnergyAction.ACC_WRITE_BYTE, accBytes);
        if (d.accumulate()) {
            a.add(EnergyAction.ACC_READ_BYTE, accBytes);
            a.add(EnergyAction.ACC_ADD, accBytes / 4);
        }
        return new Cost(Unit.DMA_IN, plain.cycles(), 0, 0, dramBytes, a);
    }

    private Cost dma(Unit unit, Space local, long bytes, boolean load) {
        ActionCounts a = new ActionCounts();
        a.add(EnergyAction.DRAM_BYTE, bytes);
        EnergyAction sram = local == Space.ACC
                ? (load ? EnergyAction.ACC_WRITE_BYTE : EnergyAction.ACC_READ_BYTE)
                : (load ? EnergyAction.SPAD_WRITE_BYTE : EnergyAction.SPAD_READ_BYTE);
        a.add(sram, bytes);
        long cycles = machine.dram().latencyCycles() + (long) Math.ceil(bytes / machine.dram().bytesPerCycle());
        return new Cost(unit, cycles, 0, 0, bytes, a);
    }

    private Cost gemm(Gemm g) {
        long m = g.m();
        long n = g.n();
        long k = g.k();
        long r = shape.rows();
        long c = shape.cols();
        if (m == 0 || n == 0 || k == 0) {
            return new Cost(Unit.MAC, 0, 0, 0, 0, new ActionCounts());
        }
        var df = Formats.dataflow(g.dataflow());
        long folds = FoldModel.folds(df, shape, g.m(), g.n(), g.k());
        long arrayCycles = switch (g.dataflow()) {
            case OS -> folds * Math.max(k, r) + (r + c - 2) + r;
            case WS -> r + folds * Math.max(m, r) + (r + c - 2);
            case IS -> r + folds * Math.max(n, r) + (r + c - 2);
        };
        long kTiles = ceilDiv(k, r);
        long spadRead = switch (g.dataflow()) {
            case OS -> ceilDiv(n, c) * m * k + ceilDiv(m, r) * k * n;   // A per column fold, B per row fold
            case WS -> k * n + ceilDiv(n, c) * m * k;                    // B (weights) once, A per column fold
            case IS -> m * k + ceilDiv(m, c) * k * n;                    // A (inputs) once, B per fold
        };
        boolean readsC = g.accumulate() || g.preload();
        long outputs = m * n;
        long accWrites;
        long accReads;
        if (g.dataflow() == io.github.fp8sim.isa.insn.Dataflow.OS) {
            accWrites = outputs * 4;
            accReads = readsC ? outputs * 4 : 0;
        } else {
            accWrites = kTiles * outputs * 4;                           // each K tile's psum lands in the accumulator
            accReads = (kTiles - 1 + (readsC ? 1 : 0)) * outputs * 4;
        }
        long sramCycles = Math.max(ceilDiv(spadRead, machine.scratchpad().bytesPerCycle()),
                ceilDiv(accReads + accWrites, machine.accumulator().bytesPerCycle()));
        ActionCounts a = new ActionCounts();
        a.add(EnergyAction.MAC, m * n * k);
        if (g.dataflow() != io.github.fp8sim.isa.insn.Dataflow.OS) {
            a.add(EnergyAction.ACC_ADD, kTiles * outputs);
        }
        a.add(EnergyAction.SPAD_READ_BYTE, spadRead);
        a.add(EnergyAction.ACC_READ_BYTE, accReads);
        a.add(EnergyAction.ACC_WRITE_BYTE, accWrites);
        long scaleSim = FoldModel.computeCycles(df, shape, g.m(), g.n(), g.k());
        return new Cost(Unit.MAC, Math.max(arrayCycles, sramCycles), scaleSim, m * n * k, spadRead + accReads + accWrites, a);
    }

    private Cost quantize(Quantize q) {
        long elements = (long) q.rows() * q.cols();
        ActionCounts a = new ActionCounts();
        a.add(EnergyAction.QUANTIZE, elements);
        if (q.rounding() == RoundMode.SR) {
            a.add(EnergyAction.SR_BIT, elements * q.srBits());
        }
        long outBytes = elements * q.format().bits() / 8;
        a.add(EnergyAction.ACC_READ_BYTE, elements * 4);
        a.add(EnergyAction.SPAD_WRITE_BYTE, outBytes);
        long cycles = elements == 0 ? 0 : ceilDiv(elements, machine.srLanes()) + QUANTIZE_LATENCY;
        return new Cost(Unit.VECTOR, cycles, 0, 0, elements * 4 + outBytes, a);
    }

    private Cost vector(VectorOp v) {
        long elements = (long) v.rows() * v.cols();
        ActionCounts a = new ActionCounts();
        a.add(special(v.func()) ? EnergyAction.VECTOR_SPECIAL : EnergyAction.VECTOR_OP, elements);
        long operands = v.func().arity() == VectorFunc.Arity.BINARY ? 2 : 1;
        long outputs = v.func().arity() == VectorFunc.Arity.REDUCTION ? v.rows() : elements;
        a.add(EnergyAction.ACC_READ_BYTE, operands * elements * 4);
        a.add(EnergyAction.ACC_WRITE_BYTE, outputs * 4);
        long cycles = elements == 0 ? 0 : ceilDiv(elements, machine.vectorUnit().lanes()) + VECTOR_LATENCY;
        return new Cost(Unit.VECTOR, cycles, 0, 0, (operands * elements + outputs) * 4, a);
    }

    /** Transcendentals cost a polynomial evaluation (see the energy table's vector_special row). */
    static boolean special(VectorFunc f) {
        return switch (f) {
            case GELU, EXP, LOG, RSQRT, SQRT, RECIP, SIGMOID, TANH, DIV -> true;
            default -> false;
        };
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
