package io.github.fp8sim.workloads.compiler;

import java.util.Arrays;

import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;

/**
 * Ops that move values without computing: reshape, slice, transpose, concat, fill. Where the result
 * is already in DRAM it costs nothing: a reshape of a row-major buffer is the same buffer under a new
 * shape, and a slice that is one contiguous block of a row-major buffer (every axis before the sliced
 * one of size 1) is a buffer at an offset inside it. Otherwise it is a {@link StridedCopy} through the
 * scratchpad, in one layer. A fill is a constant the host writes, like a weight (an LSTM's zero state).
 * A copy converts formats only when its output must be stored in another one (an FP32 graph output).
 */
final class DataMovementLowering {

    private DataMovementLowering() {
    }

    static void reshape(Node n, Reshape r, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        if (in.layout() instanceof TensorLayout.RowMajor && keepsFormat(ctx, y, in)) {
            ctx.alias(y, new Buffer(in.addr(), in.format(), new TensorLayout.RowMajor(y.shape())));
            return;
        }
        // NHWC to row-major (or another format): copy in the IR's row-major order of x, which is y's
        Buffer out = allocate(ctx, y);
        ctx.beginLayer(n.name(), n.op().kind());
        StridedCopy.emit(ctx.machine, ctx.insns, x.shape().dims(), StridedCopy.View.of(in, x.shape()),
                new StridedCopy.View(out.addr(), out.format(), StridedCopy.rowMajorStrides(x.shape())), ctx.outputSpec(y));
        ctx.endLayer(y);
    }

    static void slice(Node n, Slice s, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        TensorShape xs = x.shape();
        int axis = xs.normalizeAxis(s.axis());
        long[] strides = StridedCopy.rowMajorStrides(xs);
        if (in.layout() instanceof TensorLayout.RowMajor && xs.numelBefore(axis) == 1 && keepsFormat(ctx, y, in)) {
            long at = in.addr() + s.start() * strides[axis] * in.bytesPerElement();
            ctx.alias(y, new Buffer(at, in.format(), new TensorLayout.RowMajor(y.shape())));
            return;
        }
        Buffer out = allocate(ctx, y);
        StridedCopy.View src = StridedCopy.View.of(in, xs);
        src = src.offset(s.start() * src.strides()[axis]);
        ctx.beginLayer(n.name(), n.op().kind());
        StridedCopy.emit(ctx.machine, ctx.insns, y.shape().dims(), src, StridedCopy.View.of(out, y.shape()),
                ctx.outputSpec(y));
        ctx.endLayer(y);
    }

    static void transpose(Node n, Transpose t, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        StridedCopy.View src = StridedCopy.View.of(ctx.buffer(x), x.shape());
        long[] gather = new long[t.perm().size()];
        for (int i = 0; i < gather.length; i++) {
            gather[i] = src.strides()[t.perm().get(i)];
        }
        Buffer out = allocate(ctx, y);
        ctx.beginLayer(n.name(), n.op().kind());
        StridedCopy.emit(ctx.machine, ctx.insns, y.shape().dims(), new StridedCopy.View(src.addr(), src.format(), gather),
                StridedCopy.View.of(out, y.shape()), ctx.outputSpec(y));
        ctx.endLayer(y);
    }

    static void concat(Node n, Concat c, LoweringContext ctx) {
        Tensor y = ctx.output(n);
        int axis = y.shape().normalizeAxis(c.axis());
        Buffer out = allocate(ctx, y);
        StridedCopy.View whole = StridedCopy.View.of(out, y.shape());
        ctx.beginLayer(n.name(), n.op().kind());
        long at = 0;
        for (int i = 0; i < n.inputs().size(); i++) {
            Tensor x = ctx.input(n, i);
            StridedCopy.emit(ctx.machine, ctx.insns, x.shape().dims(), StridedCopy.View.of(ctx.buffer(x), x.shape()),
                    whole.offset(at * whole.strides()[axis]), ctx.outputSpec(y));
            at += x.shape().dim(axis);
        }
        ctx.endLayer(y);
    }

    /** A constant tensor in the output spec's format, written by the host; no instructions. */
    static void fill(Node n, Fill f, LoweringContext ctx) {
        Tensor y = ctx.output(n);
        OutputSpec spec = ctx.outputSpec(y);
        TensorLayout layout = ctx.layoutFor(y);
        Buffer proto = new Buffer(0, spec.format(), layout);
        long addr = ctx.constant(n.name() + ".fill", proto.bytes(), () -> {
            float[] values = new float[Math.toIntExact(y.numel())];
            Arrays.fill(values, (float) f.value());
            return HostData.encode(values, proto);
        });
        ctx.alias(y, new Buffer(addr, spec.format(), layout));
    }

    /** Whether an alias of {@code in} may stand for {@code y}: y need not be stored in another format. */
    private static boolean keepsFormat(LoweringContext ctx, Tensor y, Buffer in) {
        return !ctx.isGraphOutput(y) || ctx.outputSpec(y).format() == in.format();
    }

    private static Buffer allocate(LoweringContext ctx, Tensor y) {
        return ctx.allocate(y, ctx.layoutFor(y), ctx.outputSpec(y).format());
    }
}
