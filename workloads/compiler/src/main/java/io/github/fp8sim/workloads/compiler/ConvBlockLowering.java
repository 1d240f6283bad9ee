package io.github.fp8sim.workloads.compiler;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * A convolution and what its epilogue absorbs: a BatchNorm that reads only it (folded to an FP32
 * per-channel scale and bias), then a residual {@code add} whose other operand is already in DRAM,
 * then a ReLU; lowered by {@link ConvLowering} as one implicit GEMM.
 */
final class ConvBlockLowering {

    private ConvBlockLowering() {
    }

    /** Emits the block that starts at {@code conv}; returns the nodes fused into it. */
    static Set<Node> lower(Node conv, Conv2d c, LoweringContext ctx) {
        if (c.groups() != 1 || c.dilationH() != 1 || c.dilationW() != 1) {
            throw new IllegalArgumentException("grouped and dilated convolutions are not lowered yet (groups "
                    + c.groups() + ", dilation " + c.dilationH() + "x" + c.dilationW() + ")");
        }
        if (c.strideH() != c.strideW() || c.padH() != c.padW()) {
            throw new IllegalArgumentException("only square strides and paddings are lowered, got stride "
                    + c.strideH() + "x" + c.strideW() + ", padding " + c.padH() + "x" + c.padW());
        }
        Tensor x = ctx.input(conv, 0);
        Tensor w = ctx.input(conv, 1);
        Tensor convBias = c.bias() ? ctx.input(conv, 2) : null;
        Set<Node> fused = new LinkedHashSet<>();
        Tensor cur = ctx.output(conv);
        Node bn = soleConsumer(ctx, cur);
        if (bn != null && bn.op() instanceof BatchNorm && bn.inputs().get(0) == cur.id()) {
            fused.add(bn);
            cur = ctx.output(bn);
        } else {
            bn = null;
        }
        Tensor residual = null;
        Node add = soleConsumer(ctx, cur);
        if (add != null && add.op() instanceof Add) {
            Tensor a = ctx.input(add, 0);
            Tensor b = ctx.input(add, 1);
            Tensor other = a.id() == cur.id() ? b : a;
            if (other.id() != cur.id() && other.shape().equals(cur.shape()) && ctx.buffers.containsKey(other.id())
                    && ctx.buffer(other).layout() instanceof TensorLayout.Nhwc) {
                fused.add(add);
                residual = other;
                cur = ctx.output(add);
            }
        }
        Node relu = soleConsumer(ctx, cur);
        boolean withRelu = relu != null && relu.op() instanceof Relu;
        if (withRelu) {
            fused.add(relu);
            cur = ctx.output(relu);
        }

        Buffer in = ctx.buffer(x);
        if (!(in.layout() instanceof TensorLayout.Nhwc il)) {
            throw new IllegalArgumentException("the input " + x.name() + " is not an NHWC image buffer");
        }
        int p = c.padH();
        int kh = w.shape().dim(2);
        int kw = w.shape().dim(3);
        int filters = w.shape().dim(0);
        OutputSpec spec = ctx.outputSpec(cur);
        Buffer out = ctx.allocate(cur, TensorLayout.Nhwc.of(cur.shape(), ctx.pad(cur)), spec.format());
        NumFormat wf = GraphCompiler.operandFormat(ctx.machine, ctx.machine.numerics().bFormat());
        long weightAddr = ctx.constant(w.name(), (long) filters * il.c() * kh * kw,
                () -> convWeights(ctx.values(w), filters, il.c(), kh, kw, Formats.format(wf)));
        OptionalLong scale = OptionalLong.empty();
        OptionalLong shift = OptionalLong.empty();
        if (bn != null) {
            Node bnNode = bn;
            scale = OptionalLong.of(ctx.constant(bn.name() + ".scale", 4L * filters, () -> floats(foldedScale(ctx, bnNode))));
            shift = OptionalLong.of(ctx.constant(bn.name() + ".shift", 4L * filters,
                    () -> floats(foldedShift(ctx, bnNode, convBias == null ? null : ctx.values(convBias)))));
        } else if (convBias != null) {
            shift = OptionalLong.of(ctx.constant(convBias.name(), 4L * filters, () -> floats(ctx.values(convBias))));
        }
        Optional<ImageOperand> shortcut = Optional.empty();
        if (residual != null) {
            Buffer r = ctx.buffer(residual);
            shortcut = Optional.of(new ImageOperand(r.addr(), r.format(), ((TensorLayout.Nhwc) r.layout()).pad()));
        }
        if (il.pad() < p) {
            throw new IllegalStateException(x.name() + " is stored with border " + il.pad() + " < padding " + p);
        }
        ConvGeometry geometry = new ConvGeometry(il.n(), il.h() + 2 * p, il.w() + 2 * p, il.c(), kh, kw, c.strideH(), filters);
        ConvLayer layer = new ConvLayer(conv.name(), geometry, new ImageOperand(in.addr(), in.format(), il.pad() - p),
                new Operand(weightAddr, filters, wf), new Epilogue(scale, shift, withRelu, spec), shortcut, out.addr(),
                ctx.pad(cur));
        ctx.beginLayer(conv.name(), fused.isEmpty() ? "conv2d" : "conv2d+" + String.join("+",
                fused.stream().map(f -> f.op().kind()).toList()));
        GemmLayer g = layer.asGemm();
        ctx.gemm(g.m(), g.n(), g.k());
        ConvLowering.emit(layer, ctx.machine, ctx.insns);
        ctx.endLayer(cur);
        return fused;
    }

    /** The only node reading {@code t}, or null when there are none or several, or {@code t} is a graph output. */
    static Node soleConsumer(LoweringContext ctx, Tensor t) {
        List<Node> readers = ctx.graph.consumers(t);
        return readers.size() == 1 && !ctx.isGraphOutput(t) ? readers.get(0) : null;
    }

    /** OIHW FP32 weights as the GEMM's K x N operand: [kh][kw][cin][cout] codes, RNE. */
    static byte[] convWeights(float[] w, int filters, int channels, int kh, int kw, FloatFormat f) {
        QuantSpec q = HostData.hostRounding(f);
        byte[] out = new byte[filters * channels * kh * kw];
        for (int o = 0; o < filters; o++) {
            for (int ci = 0; ci < channels; ci++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        float v = w[((o * channels + ci) * kh + y) * kw + x];
                        out[((y * kw + x) * channels + ci) * filters + o] = (byte) HostData.encode(q, v);
                    }
                }
            }
        }
        return out;
    }

    /** s = gamma / sqrt(var + eps), in double, rounded once. */
    static float[] foldedScale(LoweringContext ctx, Node bn) {
        double eps = ((BatchNorm) bn.op()).eps();
        float[] gamma = ctx.values(ctx.input(bn, 1));
        float[] var = ctx.values(ctx.input(bn, 4));
        float[] s = new float[gamma.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (gamma[i] / Math.sqrt((double) var[i] + eps));
        }
        return s;
    }

    /** t = beta + (convBias - mean) s, in double, rounded once. */
    static float[] foldedShift(LoweringContext ctx, Node bn, float[] convBias) {
        double eps = ((BatchNorm) bn.op()).eps();
        float[] gamma = ctx.values(ctx.input(bn, 1));
        float[] beta = ctx.values(ctx.input(bn, 2));
        float[] mean = ctx.values(ctx.input(bn, 3));
        float[] var = ctx.values(ctx.input(bn, 4));
        float[] t = new float[gamma.length];
        for (int i = 0; i < t.length; i++) {
            double s = gamma[i] / Math.sqrt((double) var[i] + eps);
            double b = convBias == null ? 0 : convBias[i];
            t[i] = (float) (beta[i] + (b - mean[i]) * s);
        }
        return t;
    }

    /** Little-endian FP32 words. */
    static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
