package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Embedding lookup as a gather of table rows by DMA. The token ids are compile-time data (the
 * batch's {@code indexInputs}, see {@link GraphCompiler}), so each id becomes a DMA source address:
 * the table is stored as {@code [V][D]} codes of the weight format (rounded on the host, RNE), and
 * every output row is one table row, copied through the scratchpad unchanged when the output format
 * is the table's (the usual case: an exact gather), or widened into the accumulator and quantized
 * when it is not (an FP32 graph output). Consecutive tokens whose ids step evenly (a repeated id, a
 * run of ascending ids) share one strided DMA.
 */
final class EmbeddingLowering {

    private EmbeddingLowering() {
    }

    static void lower(Node n, LoweringContext ctx) {
        Tensor ids = ctx.input(n, 0);
        Tensor table = ctx.input(n, 1);
        Tensor y = ctx.output(n);
        int[] rows = ids(ctx, ids, table.shape().dim(0));
        int vocab = table.shape().dim(0);
        int d = table.shape().dim(1);
        NumFormat wf = GraphCompiler.operandFormat(ctx.machine, ctx.machine.numerics().bFormat());
        long tableAddr = ctx.constant(table.name() + ".rows", (long) vocab * d, () -> codes(ctx.values(table), Formats.format(wf)));
        OutputSpec spec = ctx.outputSpec(y);
        Buffer out = ctx.allocate(y, new TensorLayout.RowMajor(y.shape()), spec.format());
        int ob = spec.bytesPerElement();
        boolean copy = spec.format() == wf;
        long spadHalf = ctx.machine.scratchpad().bytes() / 2;
        long fit = copy ? spadHalf / d : Math.min(ctx.machine.accumulator().bytes() / (8L * d), spadHalf / ((long) d * ob));
        int per = (int) Math.min(fit, TilePlan.MAX_DIM);
        if (per < 1 || (long) d * ob > TilePlan.MAX_DIM) {
            throw new IllegalArgumentException("embedding rows of " + d + " elements do not fit a DMA row or the SRAMs");
        }
        ctx.beginLayer(n.name(), n.op().kind());
        int half = 0;
        for (int t0 = 0; t0 < rows.length; t0 += per) {
            int count = Math.min(per, rows.length - t0);
            int first = t0;
            long spad = half * spadHalf;
            long dst = out.addr() + (long) t0 * d * ob;
            if (copy) {
                RowLoads.emit(ctx.insns, Space.SPAD, count, i -> rows[first + i], tableAddr, d, d, spad, d, null, false);
            } else {
                long acc = half * (ctx.machine.accumulator().bytes() / 2);
                RowLoads.emit(ctx.insns, Space.ACC, count, i -> rows[first + i], tableAddr, d, d, acc, 4L * d, wf, false);
                ctx.insns.add(new Quantize(spad, acc, count, d, d, d, spec.format(), spec.rounding(), spec.overflow(),
                        spec.srBits(), spec.scaleExp()));
            }
            ctx.insns.add(new DmaStore(Space.SPAD, spad, dst, count, d * ob, (long) d * ob, (long) d * ob));
            half ^= 1;
        }
        ctx.endLayer(y);
    }

    /**
     * The table rows the ids name, in order.
     *
     * @throws IllegalArgumentException if the ids were not given, or one is not a row of the table
     */
    static int[] ids(LoweringContext ctx, Tensor ids, int vocab) {
        FloatTensor v = ctx.indexInputs.get(ids.name());
        if (v == null) {
            throw new IllegalArgumentException("the token ids '" + ids.name() + "' are compiled into DMA addresses, "
                    + "so GraphCompiler.compile needs their values in indexInputs; none were given");
        }
        if (!v.shape().equals(ids.shape())) {
            throw new IllegalArgumentException("the token ids '" + ids.name() + "' have shape " + v.shape()
                    + "; the graph says " + ids.shape());
        }
        int[] rows = new int[v.size()];
        for (int i = 0; i < rows.length; i++) {
            float id = v.data()[i];
            if (id != Math.rint(id) || id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " at position " + i + " of '" + ids.name()
                        + "' is not a row of the " + vocab + "-row table");
            }
            rows[i] = (int) id;
        }
        return rows;
    }

    /** FP32 values as codes of {@code f}, in the same order, RNE. */
    static byte[] codes(float[] v, FloatFormat f) {
        QuantSpec q = HostData.hostRounding(f);
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) HostData.encode(q, v[i]);
        }
        return b;
    }
}
