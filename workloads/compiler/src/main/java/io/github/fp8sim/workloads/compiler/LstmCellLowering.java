package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * One LSTM step, {@code z = [x | h] [wIh | wHh]^T + bias}, gates i, f, g, o, {@code c' = s(f) c + s(i) tanh(g)},
 * {@code h' = s(o) tanh(c')}, as one layer in two phases.
 *
 * <p>The gate pre-activations are ONE GEMM with K = In + H, the reduction the reference does over the
 * joined input: M = batch, N = 4H. A's tiles come from the two buffers x and h side by side (a custom
 * {@link OperandLoader}: a K tile that straddles In gets one DMA from each), and B is the host-stacked
 * {@code [(In + H)][4H]} codes of {@code [wIh | wHh]^T} (stored once, shared by every time step). The
 * bias is the epilogue's FP32 row. z leaves the GEMM unrounded: it is written to a DRAM scratch as
 * FP32 (the quantize unit's FP32 "conversion" is exact), since the gates need it at full precision.
 *
 * <p>The gate phase runs on the vector unit per tile of batch rows and hidden units: the four FP32 gate
 * slices of z and the widened c are loaded into the accumulator SRAM, then sigmoid/tanh on the
 * slices and {@code c' = f c + i g}, {@code h' = o tanh(c')} (nine vector instructions, all FP32); c'
 * and h' are each quantized to their output spec and stored. h' uses the FP32 c', as the reference's
 * uses its float c'. The layer's output (what the report compares) is h'.
 */
final class LstmCellLowering {

    private LstmCellLowering() {
    }

    static void lower(Node n, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor h = ctx.input(n, 1);
        Tensor c = ctx.input(n, 2);
        Tensor wIh = ctx.input(n, 3);
        Tensor wHh = ctx.input(n, 4);
        Tensor bias = ctx.input(n, 5);
        Tensor hOut = ctx.graph.tensor(n.outputs().get(0));
        Tensor cOut = ctx.graph.tensor(n.outputs().get(1));
        int batch = x.shape().dim(0);
        int in = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        int gates = 4 * hidden;
        int k = in + hidden;
        Buffer xb = ElementwiseLowering.rowMajor(ctx, x);
        Buffer hb = ElementwiseLowering.rowMajor(ctx, h);
        Buffer cb = ElementwiseLowering.rowMajor(ctx, c);
        if (!xb.format().isFp8() || xb.format() != hb.format()) {
            throw new IllegalArgumentException("x and h are the GEMM's A operand: both must be in one 8-bit format, are "
                    + xb.format().text() + " and " + hb.format().text());
        }
        NumFormat wf = GraphCompiler.operandFormat(ctx.machine, ctx.machine.numerics().bFormat());
        long wAddr = ctx.constant(wIh.name() + "|" + wHh.name() + ".stacked", (long) k * gates,
                () -> stacked(ctx.values(wIh), ctx.values(wHh), in, hidden, Formats.format(wf)));
        long biasAddr = ctx.constant(bias.name() + ".fp32", 4L * gates, () -> ConvBlockLowering.floats(ctx.values(bias)));
        long z = ctx.reserve(n.name() + ".z", 4L * batch * gates);
        OutputSpec hSpec = ctx.outputSpec(hOut);
        OutputSpec cSpec = ctx.outputSpec(cOut);
        Buffer hOutBuf = ctx.allocate(hOut, new TensorLayout.RowMajor(hOut.shape()), hSpec.format());
        Buffer cOutBuf = ctx.allocate(cOut, new TensorLayout.RowMajor(cOut.shape()), cSpec.format());

        ctx.beginLayer(n.name(), n.op().kind());
        OutputSpec fp32 = new OutputSpec(NumFormat.FP32, RoundMode.RNE, OverflowMode.SATURATE, hSpec.srBits(), 0);
        GemmLayer g = new GemmLayer(n.name(), batch, gates, k, new Operand(xb.addr(), k, xb.format()),
                new Operand(wAddr, gates, wf), Epilogue.quantize(fp32).withBias(biasAddr), z, 4L * gates);
        OperandLoader joined = (m0, m, k0, kk, spad, out) -> {
            int xEnd = Math.min(k0 + kk, in);
            if (k0 < xEnd) {
                out.add(new DmaLoad(Space.SPAD, xb.addr() + (long) m0 * in + k0, spad, m, xEnd - k0, in, kk));
            }
            int h0 = Math.max(k0, in);
            if (h0 < k0 + kk) {
                out.add(new DmaLoad(Space.SPAD, hb.addr() + (long) m0 * hidden + (h0 - in), spad + (h0 - k0), m,
                        k0 + kk - h0, hidden, kk));
            }
        };
        OutputStorer store = (m0, m, n0, nn, spad, out) -> out.add(new DmaStore(Space.SPAD, spad,
                z + 4L * ((long) m0 * gates + n0), m, 4 * nn, 4L * nn, 4L * gates));
        ctx.gemm(batch, gates, k);
        GemmLowering.emit(g, joined, store, null, ctx.machine, TilePlan.grown(ctx.machine, g), ctx.insns);
        gatePhase(ctx, batch, hidden, z, cb, cOutBuf, cSpec, hOutBuf, hSpec);
        ctx.endLayer(hOut);
    }

    /** The vector-unit half: gates from z, c' and h' quantized and stored. */
    private static void gatePhase(LoweringContext ctx, int batch, int hidden, long z, Buffer c, Buffer cOut, OutputSpec cSpec,
                                  Buffer hOut, OutputSpec hSpec) {
        List<Instruction> out = ctx.insns;
        long setBytes = ctx.machine.accumulator().bytes() / 2;
        int hc = (int) Math.min(Math.min(hidden, setBytes / 20), ElementwiseLowering.MAX_COLS);
        int rb = (int) Math.min(Math.min(batch, setBytes / (20L * hc)), TilePlan.MAX_DIM);
        int ob = Math.max(cSpec.bytesPerElement(), hSpec.bytesPerElement());
        long spadSet = 2L * rb * hc * ob;
        if (hc < 1 || rb < 1 || 2 * spadSet > ctx.machine.scratchpad().bytes()) {
            throw new IllegalArgumentException("the accumulator SRAM cannot hold one hidden unit's five gate values");
        }
        long gates = 4L * hidden;
        int tile = 0;
        for (int b0 = 0; b0 < batch; b0 += rb) {
            int m = Math.min(rb, batch - b0);
            for (int j0 = 0; j0 < hidden; j0 += hc) {
                int w = Math.min(hc, hidden - j0);
                int set = tile++ & 1;
                long base = set * setBytes;
                long block = 4L * rb * hc;
                long gi = base;
                long gf = base + block;
                long gg = base + 2 * block;
                long go = base + 3 * block;
                long cc = base + 4 * block;
                long[] slot = {gi, gf, gg, go};
                for (int q = 0; q < 4; q++) {
                    out.add(new DmaLoad(Space.ACC, z + 4L * (b0 * gates + (long) q * hidden + j0), slot[q], m, 4 * w,
                            4 * gates, 4L * w));
                }
                int eb = c.bytesPerElement();
                out.add(new DmaLoad(Space.ACC, c.addr() + ((long) b0 * hidden + j0) * eb, cc, m, w * eb, (long) hidden * eb,
                        4L * w, ElementwiseLowering.widen(c.format()), false));
                out.add(unary(VectorFunc.SIGMOID, gi, m, w));
                out.add(unary(VectorFunc.SIGMOID, gf, m, w));
                out.add(unary(VectorFunc.TANH, gg, m, w));
                out.add(unary(VectorFunc.SIGMOID, go, m, w));
                out.add(binary(VectorFunc.MUL, gf, gf, cc, m, w));     // f c
                out.add(binary(VectorFunc.MUL, gi, gi, gg, m, w));     // i g
                out.add(binary(VectorFunc.ADD, cc, gf, gi, m, w));     // c' = f c + i g
                out.add(new VectorOp(VectorFunc.TANH, gg, cc, 0, m, w, w, w, 0, Broadcast.NONE, 0));
                out.add(binary(VectorFunc.MUL, go, go, gg, m, w));     // h' = o tanh(c')
                long spad = set * spadSet;
                long spadH = spad + (long) rb * hc * ob;
                store(out, cc, spad, m, w, cSpec, cOut.addr() + ((long) b0 * hidden + j0) * cSpec.bytesPerElement(), hidden);
                store(out, go, spadH, m, w, hSpec, hOut.addr() + ((long) b0 * hidden + j0) * hSpec.bytesPerElement(), hidden);
            }
        }
    }

    private static VectorOp unary(VectorFunc f, long x, int rows, int cols) {
        return new VectorOp(f, x, x, 0, rows, cols, cols, cols, 0, Broadcast.NONE, 0);
    }

    private static VectorOp binary(VectorFunc f, long dst, long a, long b, int rows, int cols) {
        return new VectorOp(f, dst, a, b, rows, cols, cols, cols, cols, Broadcast.NONE, 0);
    }

    private static void store(List<Instruction> out, long acc, long spad, int rows, int cols, OutputSpec spec, long dram,
                              int rowElements) {
        int ob = spec.bytesPerElement();
        out.add(new Quantize(spad, acc, rows, cols, cols, cols, spec.format(), spec.rounding(), spec.overflow(),
                spec.srBits(), spec.scaleExp()));
        out.add(new DmaStore(Space.SPAD, spad, dram, rows, cols * ob, (long) cols * ob, (long) rowElements * ob));
    }

    /**
     * The GEMM's B operand {@code [(in + hidden)][4 hidden]}: row kk < in is column kk of wIh, row
     * in + j is column j of wHh; codes of {@code f}, RNE.
     */
    static byte[] stacked(float[] wIh, float[] wHh, int in, int hidden, FloatFormat f) {
        QuantSpec q = HostData.hostRounding(f);
        int gates = 4 * hidden;
        byte[] b = new byte[(in + hidden) * gates];
        for (int o = 0; o < gates; o++) {
            for (int i = 0; i < in; i++) {
                b[i * gates + o] = (byte) HostData.encode(q, wIh[o * in + i]);
            }
            for (int j = 0; j < hidden; j++) {
                b[(in + j) * gates + o] = (byte) HostData.encode(q, wHh[o * hidden + j]);
            }
        }
        return b;
    }
}
