package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * 2-D max pooling on the vector unit, one output row at a time: the row starts as the input format's
 * lowest value (a constant row in DRAM: -Inf, or -max finite in a format without Inf), and each window
 * tap whose input row exists is one strided, widening DMA of the output columns whose input column
 * exists, then one {@code vop.max}. Padding is never read, so it counts as -infinity exactly as
 * PyTorch's {@code MaxPool2d} says, whatever the input's sign. The maximum of codes is a code, so the
 * final quantize is exact.
 */
final class MaxPoolLowering {

    private MaxPoolLowering() {
    }

    static void lower(Node n, MaxPool p, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        TensorLayout.Nhwc il = ctx.nhwc(in, "max pooling");
        OutputSpec spec = ctx.outputSpec(y);
        TensorLayout.Nhwc ol = TensorLayout.Nhwc.of(y.shape(), ctx.pad(y));
        Buffer out = ctx.allocate(y, ol, spec.format());
        int eb = in.bytesPerElement();
        int ob = spec.bytesPerElement();
        int channels = il.c();
        int wo = ol.w();
        long accFloats = ctx.machine.accumulator().bytes() / 4;
        int slice = (int) Math.min(channels, Math.min(accFloats / (2L * wo),
                Math.min(ctx.machine.scratchpad().bytes() / ((long) wo * ob), TilePlan.MAX_DIM / 4)));
        if (slice < 1) {
            throw new IllegalArgumentException("an output row of " + wo + " pixels does not fit the accumulator");
        }
        FloatFormat f = Formats.format(in.format());
        int lowest = f.signMask() | (f.hasInfinity() ? f.infinityCode() : f.maxFiniteCode());
        long lowRow = ctx.constant(n.name() + ".lowest", (long) channels * eb, () -> {
            byte[] b = new byte[channels * eb];
            for (int i = 0; i < channels; i++) {
                for (int k = 0; k < eb; k++) {
                    b[i * eb + k] = (byte) (lowest >>> (8 * k));
                }
            }
            return b;
        });
        ctx.beginLayer(n.name(), n.op().kind());
        for (int b = 0; b < il.n(); b++) {
            for (int oy = 0; oy < ol.h(); oy++) {
                for (int c0 = 0; c0 < channels; c0 += slice) {
                    int c = Math.min(slice, channels - c0);
                    row(ctx, p, il, in, b, oy, c0, c, wo, lowRow, eb);
                    ctx.insns.add(new Quantize(0, 0, wo, c, c, c, spec.format(), spec.rounding(), spec.overflow(),
                            spec.srBits(), spec.scaleExp()));
                    ctx.insns.add(new DmaStore(Space.SPAD, 0, out.addr() + (ol.pixel(b, oy, 0) + c0) * ob, wo, c * ob,
                            (long) c * ob, (long) channels * ob));
                }
            }
        }
        ctx.endLayer(y);
    }

    /** Leaves the max over the window of output row (b, oy), channels [c0, c0 + c), at accumulator byte 0. */
    private static void row(LoweringContext ctx, MaxPool p, TensorLayout.Nhwc il, Buffer in, int b, int oy, int c0,
                            int c, int wo, long lowRow, int eb) {
        long r = 0;
        long t = 4L * wo * c;
        ctx.insns.add(new DmaLoad(Space.ACC, lowRow + (long) c0 * eb, r, wo, c * eb, 0, 4L * c, in.format(), false));
        for (int ky = 0; ky < p.kernelH(); ky++) {
            int iy = oy * p.strideH() - p.padH() + ky;
            if (iy < 0 || iy >= il.h()) {
                continue;
            }
            for (int kx = 0; kx < p.kernelW(); kx++) {
                int lo = Math.max(0, Math.ceilDiv(p.padW() - kx, p.strideW()));
                int hi = Math.min(wo - 1, Math.floorDiv(il.w() - 1 + p.padW() - kx, p.strideW()));
                if (lo > hi) {
                    continue;
                }
                int ix = lo * p.strideW() - p.padW() + kx;
                int rows = hi - lo + 1;
                ctx.insns.add(new DmaLoad(Space.ACC, in.addr() + (il.pixel(b, iy, ix) + c0) * eb, t + 4L * lo * c, rows,
                        c * eb, (long) p.strideW() * il.c() * eb, 4L * c, in.format(), false));
                ctx.insns.add(new VectorOp(VectorFunc.MAX, r + 4L * lo * c, r + 4L * lo * c, t + 4L * lo * c, rows, c, c, c,
                        c, Broadcast.NONE, 0));
            }
        }
    }
}
