package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * {@code y = x W^T + b} over the last axis as one GEMM: M = the rows of x (every leading axis), K = in,
 * N = out. The host stores W transposed, {@code [in][out]} codes, which is the GEMM's K x N operand;
 * the bias is an FP32 row the epilogue adds.
 */
final class LinearLowering {

    private LinearLowering() {
    }

    static void lower(Node n, Linear l, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor w = ctx.input(n, 1);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        if (!(in.layout() instanceof TensorLayout.RowMajor) || !in.format().isFp8()) {
            throw new IllegalArgumentException("the input " + x.name() + " must be a row-major 8-bit tensor, is "
                    + in.layout().getClass().getSimpleName() + " " + in.format().text());
        }
        int out = w.shape().dim(0);
        int k = w.shape().dim(1);
        int m = Math.toIntExact(x.numel() / k);
        OutputSpec spec = ctx.outputSpec(y);
        Buffer yb = ctx.allocate(y, new TensorLayout.RowMajor(y.shape()), spec.format());
        NumFormat wf = GraphCompiler.operandFormat(ctx.machine, ctx.machine.numerics().bFormat());
        long wAddr = ctx.constant(w.name(), (long) k * out, () -> transposed(ctx.values(w), out, k, Formats.format(wf)));
        Epilogue epilogue = Epilogue.quantize(spec);
        if (l.bias()) {
            Tensor b = ctx.input(n, 2);
            epilogue = epilogue.withBias(ctx.constant(b.name(), 4L * out, () -> ConvBlockLowering.floats(ctx.values(b))));
        }
        GemmLayer g = new GemmLayer(n.name(), m, out, k, new Operand(in.addr(), k, in.format()), new Operand(wAddr, out, wf),
                epilogue, yb.addr(), (long) out * spec.bytesPerElement());
        ctx.beginLayer(n.name(), n.op().kind());
        ctx.gemm(m, out, k);
        GemmLowering.emit(g, ctx.machine, ctx.insns);
        ctx.endLayer(y);
    }

    /** [out][in] FP32 as [in][out] codes, RNE. */
    static byte[] transposed(float[] w, int out, int in, FloatFormat f) {
        QuantSpec q = HostData.hostRounding(f);
        byte[] b = new byte[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                b[i * out + o] = (byte) HostData.encode(q, w[o * in + i]);
            }
        }
        return b;
    }
}
