package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * Elementwise and row ops on the vector unit, in FP32: a {@link VectorChain} applied tile by tile.
 * The output is seen as rows of its last axis; a tile is up to {@code r} rows by {@code c} columns
 * ({@code c} the whole row when the chain has a softmax or layer norm). Per tile: a widening DMA of the
 * input's codes into the accumulator SRAM (a broadcast input's rows repeated by stride-0 DMAs), each
 * step's vector instructions (and the loads of its operand or constant rows), one {@code quant} to the
 * output spec, one store. Tiles alternate between two sets of buffers so the next load overlaps this
 * tile's work.
 *
 * <p>Accumulator use per set: the tile, one scratch tile when a step needs it (an add/mul operand,
 * the squares of a layer norm), and two scratch columns for row ops; after both sets, each layer
 * norm's gamma and beta rows. {@code r} is the most rows that fit, within the ISA's 16-bit row fields.
 */
final class ElementwiseLowering {

    /** Longest row a tile takes: its FP32 bytes must fit a DMA row (16-bit byte count). */
    static final int MAX_COLS = 65535 / 4;

    private ElementwiseLowering() {
    }

    /** Emits the chain that starts at {@code head} as one layer; returns the nodes fused after the head. */
    static Set<Node> lower(Node head, LoweringContext ctx) {
        VectorChain chain = VectorChain.from(head, ctx);
        Tensor y = chain.output();
        TensorShape shape = y.shape();
        int d = shape.rank() == 0 ? 1 : shape.dim(-1);
        int rows = Math.toIntExact(shape.numel() / d);
        boolean rowWise = chain.rowWise();
        if (rowWise && d > MAX_COLS) {
            throw new IllegalArgumentException("rows of " + d + " elements are longer than a vector tile row ("
                    + MAX_COLS + "): " + chain.kind() + " over them is not lowered");
        }
        Buffer in = rowMajor(ctx, chain.input());
        IntUnaryOperator inRows = VectorChain.rowMap(shape, chain.input().shape());
        OutputSpec spec = ctx.outputSpec(y);
        Buffer out = ctx.allocate(y, new TensorLayout.RowMajor(shape), spec.format());
        int ob = spec.bytesPerElement();

        boolean temp = chain.steps().stream().anyMatch(s -> s instanceof VectorStep.Binary
                || s instanceof VectorStep.LayerNorm);
        int norms = (int) chain.steps().stream().filter(s -> s instanceof VectorStep.LayerNorm).count();
        long shared = 8L * d * norms;
        // a row op needs whole rows; otherwise columns go in chunks that leave room for two sets of tiles
        long colsFit = Math.min((ctx.machine.accumulator().bytes() - shared) / (2L * 4 * (temp ? 2 : 1)),
                ctx.machine.scratchpad().bytes() / (2L * ob));
        int c = rowWise ? d : (int) Math.min(Math.min(d, MAX_COLS), colsFit);
        if (c < 1) {
            throw new IllegalArgumentException("the accumulator SRAM cannot hold two tiles of one element");
        }
        long perRow = 4L * c * (temp ? 2 : 1) + (rowWise ? 8 : 0);
        long fit = Math.min((ctx.machine.accumulator().bytes() - shared) / (2 * perRow),
                ctx.machine.scratchpad().bytes() / (2L * c * ob));
        int r = (int) Math.min(Math.min(rows, fit), TilePlan.MAX_DIM);
        if (r < 1) {
            throw new IllegalArgumentException("a tile row of " + c + " elements does not fit the accumulator SRAM");
        }
        long setBytes = r * perRow;
        long sharedBase = 2 * setBytes;
        List<Instruction> insns = ctx.insns;

        ctx.beginLayer(head.name(), chain.kind());
        List<long[]> norm = new ArrayList<>();      // {gamma, beta} in ACC, per layer norm step
        for (VectorStep s : chain.steps()) {
            if (s instanceof VectorStep.LayerNorm ln) {
                long g = sharedBase + 8L * d * norm.size();
                insns.add(new DmaLoad(Space.ACC, ln.gammaAddr(), g, 1, 4 * d, 4L * d, 4L * d));
                insns.add(new DmaLoad(Space.ACC, ln.betaAddr(), g + 4L * d, 1, 4 * d, 4L * d, 4L * d));
                norm.add(new long[] {g, g + 4L * d});
            }
        }
        int tile = 0;
        for (int c0 = 0; c0 < d; c0 += c) {
            int cw = Math.min(c, d - c0);
            for (int row0 = 0; row0 < rows; row0 += r) {
                int n = Math.min(r, rows - row0);
                int set = tile++ & 1;
                long x = set * setBytes;
                long t = x + 4L * r * c;
                long scratch = x + 4L * r * c * (temp ? 2 : 1);
                long spad = (long) set * r * c * ob;
                int first = row0;
                RowLoads.emit(insns, Space.ACC, n, i -> inRows.applyAsInt(first + i), in.addr() + (long) c0 * in.bytesPerElement(),
                        (long) d * in.bytesPerElement(), cw * in.bytesPerElement(), x, 4L * cw, widen(in.format()), false);
                int ln = 0;
                for (VectorStep s : chain.steps()) {
                    switch (s) {
                        case VectorStep.Unary u -> insns.add(
                                new VectorOp(u.func(), x, x, 0, n, cw, cw, cw, 0, Broadcast.NONE, 0));
                        case VectorStep.ScaleBy k -> insns.add(new VectorOp(VectorFunc.MUL, x, x, 0, n, cw, cw, cw, 0,
                                Broadcast.IMM, Float.floatToRawIntBits(k.factor())));
                        case VectorStep.Binary b -> {
                            Buffer ob2 = rowMajor(ctx, b.operand());
                            IntUnaryOperator map = VectorChain.rowMap(shape, b.operand().shape());
                            RowLoads.emit(insns, Space.ACC, n, i -> map.applyAsInt(first + i),
                                    ob2.addr() + (long) c0 * ob2.bytesPerElement(), (long) d * ob2.bytesPerElement(),
                                    cw * ob2.bytesPerElement(), t, 4L * cw, widen(ob2.format()), false);
                            insns.add(new VectorOp(b.func(), x, x, t, n, cw, cw, cw, cw, Broadcast.NONE, 0));
                        }
                        case VectorStep.AddRows a -> RowLoads.emit(insns, Space.ACC, n, i -> (first + i) % a.period(),
                                a.addr() + 4L * c0, 4L * d, 4 * cw, x, 4L * cw, null, true);
                        case VectorStep.Softmax sm -> SoftmaxLowering.emit(insns, x, n, cw, scratch);
                        case VectorStep.LayerNorm l -> {
                            long[] gb = norm.get(ln++);
                            LayerNormLowering.emit(insns, x, t, n, cw, scratch, gb[0], gb[1], l.eps());
                        }
                    }
                }
                insns.add(new Quantize(spad, x, n, cw, cw, cw, spec.format(), spec.rounding(), spec.overflow(),
                        spec.srBits(), spec.scaleExp()));
                insns.add(new DmaStore(Space.SPAD, spad, out.addr() + ((long) row0 * d + c0) * ob, n, cw * ob,
                        (long) cw * ob, (long) d * ob));
            }
        }
        ctx.endLayer(y);
        return new LinkedHashSet<>(chain.nodes().subList(1, chain.nodes().size()));
    }

    /** The buffer of {@code t}, which a vector tile loads by rows. */
    static Buffer rowMajor(LoweringContext ctx, Tensor t) {
        Buffer b = ctx.buffer(t);
        if (!(b.layout() instanceof TensorLayout.RowMajor)) {
            throw new IllegalArgumentException(t.name() + " is an NHWC image; vector-unit ops here take row-major tensors");
        }
        return b;
    }

    /** The conversion a load into the accumulator needs: none for FP32 words, else widening from the format. */
    static NumFormat widen(NumFormat f) {
        return f == NumFormat.FP32 ? null : f;
    }
}
