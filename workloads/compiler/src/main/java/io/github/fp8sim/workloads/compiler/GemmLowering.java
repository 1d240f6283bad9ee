package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;

/**
 * Lowers a {@link GemmLayer} to instructions: for each N tile (its bias slice loaded once), for each
 * M tile, the K tiles are loaded and multiplied into one accumulator tile (the first overwrites, the
 * rest accumulate); then bias add and ReLU on the vector unit, quantize, and store. Operand tiles,
 * accumulator tiles and output tiles each alternate between two buffers, so the DMA of the next tile
 * overlaps the compute of this one; the machine's scoreboard orders what must be ordered.
 *
 * <p>Epilogue order, per accumulator tile: x scale, + bias (a folded BatchNorm), + residual, ReLU,
 * quantize. SRAM layout (bytes from 0): scratchpad A0 A1 B0 B1 O0 O1; accumulator C0 C1 bias scale.
 */
public final class GemmLowering {

    private GemmLowering() {
    }

    /** Appends the layer's instructions to {@code out}, with the plan {@link TilePlan#of} chooses. */
    public static void emit(GemmLayer layer, MachineConfig machine, List<Instruction> out) {
        emit(layer, machine, TilePlan.of(machine, layer), out);
    }

    /** Appends the layer's instructions to {@code out} with a given plan; A is a strided matrix in DRAM. */
    public static void emit(GemmLayer layer, MachineConfig machine, TilePlan plan, List<Instruction> out) {
        int ob = layer.output().bytesPerElement();
        Operand aIn = layer.a();
        OperandLoader a = (m0, m, k0, k, spad, o) -> o.add(new DmaLoad(Space.SPAD,
                aIn.addr() + m0 * aIn.rowStride() + k0, spad, m, k, aIn.rowStride(), k));
        OutputStorer store = (m0, m, n0, n, spad, o) -> o.add(new DmaStore(Space.SPAD, spad,
                layer.outAddr() + m0 * layer.outRowStride() + (long) n0 * ob, m, n * ob, (long) n * ob, layer.outRowStride()));
        emit(layer, a, store, null, machine, plan, out);
    }

    /**
     * Appends the instructions of a GEMM of the layer's shape, B, bias, ReLU and output spec, with A
     * loaded and the output stored by the given strategies (a convolution reads A straight out of its
     * input activation, an implicit GEMM).
     */
    public static void emit(GemmLayer layer, OperandLoader loadA, OutputStorer store, TileEpilogue residual,
                            MachineConfig machine, TilePlan plan, List<Instruction> out) {
        int mt = plan.mTile();
        int nt = plan.nTile();
        int kt = plan.kTile();
        int ob = layer.output().bytesPerElement();
        long[] aBuf = {0, (long) mt * kt};
        long[] bBuf = {2L * mt * kt, 2L * mt * kt + (long) kt * nt};
        long oBase = 2L * ((long) mt * kt + (long) kt * nt);
        long[] oBuf = {oBase, oBase + (long) mt * nt * ob};
        long[] cBuf = {0, 4L * mt * nt};
        long biasAcc = 8L * mt * nt;
        long scaleAcc = biasAcc + 4L * nt;
        Dataflow df = Formats.isaDataflow(machine.array().dataflow());
        Epilogue epilogue = layer.epilogue();
        Operand b = layer.b();
        int step = 0;
        int tile = 0;
        for (int n0 = 0; n0 < layer.n(); n0 += nt) {
            int n = Math.min(nt, layer.n() - n0);
            if (epilogue.bias().isPresent()) {
                out.add(new DmaLoad(Space.ACC, epilogue.bias().getAsLong() + 4L * n0, biasAcc, 1, 4 * n, 4L * n, 4L * n));
            }
            if (epilogue.scale().isPresent()) {
                out.add(new DmaLoad(Space.ACC, epilogue.scale().getAsLong() + 4L * n0, scaleAcc, 1, 4 * n, 4L * n, 4L * n));
            }
            for (int m0 = 0; m0 < layer.m(); m0 += mt) {
                int m = Math.min(mt, layer.m() - m0);
                int t = tile++ & 1;
                for (int k0 = 0; k0 < layer.k(); k0 += kt) {
                    int k = Math.min(kt, layer.k() - k0);
                    int s = step++ & 1;
                    loadA.loadA(m0, m, k0, k, aBuf[s], out);
                    out.add(new DmaLoad(Space.SPAD, b.addr() + k0 * b.rowStride() + n0, bBuf[s], k, n, b.rowStride(), n));
                    out.add(new Gemm(cBuf[t], aBuf[s], bBuf[s], m, n, k, k, n, n, df, layer.a().format(), b.format(),
                            k0 > 0, false, 0));
                }
                if (epilogue.scale().isPresent()) {
                    out.add(new VectorOp(VectorFunc.MUL, cBuf[t], cBuf[t], scaleAcc, m, n, n, n, 0, Broadcast.ROW, 0));
                }
                if (epilogue.bias().isPresent()) {
                    out.add(new VectorOp(VectorFunc.ADD, cBuf[t], cBuf[t], biasAcc, m, n, n, n, 0, Broadcast.ROW, 0));
                }
                if (residual != null) {
                    residual.addInto(m0, m, n0, n, cBuf[t], out);
                }
                if (epilogue.relu()) {
                    out.add(new VectorOp(VectorFunc.RELU, cBuf[t], cBuf[t], 0, m, n, n, n, 0, Broadcast.NONE, 0));
                }
                OutputSpec o = epilogue.output();
                out.add(new Quantize(oBuf[t], cBuf[t], m, n, n, n, o.format(), o.rounding(), o.overflow(), o.srBits(), o.scaleExp()));
                store.store(m0, m, n0, n, oBuf[t], out);
            }
        }
    }
}
