package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * The batched product of two activations (attention's {@code Q K^T} and {@code P V}): for each batch
 * index one GEMM on the array ({@link GemmLowering}) with A and B read from DRAM, both in the
 * activation format (the MAC array takes any pair of 8-bit formats).
 *
 * <p>A transposed operand (and one stored in another format, such as an FP32 graph output) is first
 * copied, inside the layer, into a DRAM scratch buffer in the GEMM's row-major order by a
 * {@link StridedCopy}: element-granular strided DMAs gather each row of the transposed matrix into the
 * scratchpad (one DMA per row, its source elements a whole source row apart), and a few stores write
 * the rows back contiguously. That keeps {@link GemmLowering}'s operand loads plain row blocks, at the
 * cost of one extra pass over the (small) transposed operand; the DMA bytes show in the layer's cycles
 * and energy.
 */
final class MatMulLowering {

    private MatMulLowering() {
    }

    static void lower(Node n, MatMul mm, LoweringContext ctx) {
        Tensor a = ctx.input(n, 0);
        Tensor b = ctx.input(n, 1);
        Tensor y = ctx.output(n);
        TensorShape ys = y.shape();
        int m = ys.dim(-2);
        int cols = ys.dim(-1);
        int k = mm.transposeA() ? a.shape().dim(-2) : a.shape().dim(-1);
        int batches = Math.toIntExact(y.numel() / ((long) m * cols));
        NumFormat f = GraphCompiler.operandFormat(ctx.machine, ctx.machine.numerics().aFormat());
        OutputSpec spec = ctx.outputSpec(y);
        Buffer out = ctx.allocate(y, new TensorLayout.RowMajor(ys), spec.format());
        int ob = spec.bytesPerElement();
        ctx.beginLayer(n.name(), n.op().kind());
        long aAddr = operand(ctx, a, batches, m, k, mm.transposeA(), f);
        long bAddr = operand(ctx, b, batches, k, cols, mm.transposeB(), f);
        for (int i = 0; i < batches; i++) {
            GemmLayer g = new GemmLayer(n.name(), m, cols, k, new Operand(aAddr + (long) i * m * k, k, f),
                    new Operand(bAddr + (long) i * k * cols, cols, f), Epilogue.quantize(spec),
                    out.addr() + (long) i * m * cols * ob, (long) cols * ob);
            ctx.gemm(m, cols, k);
            GemmLowering.emit(g, ctx.machine, ctx.insns);
        }
        ctx.endLayer(y);
    }

    /**
     * Where operand {@code t} sits as {@code [batches][rows][cols]} row-major codes of {@code f}: its own
     * buffer when it already is that, else a scratch copy made here.
     *
     * @param transposed whether {@code t} holds {@code [batches][cols][rows]}
     */
    private static long operand(LoweringContext ctx, Tensor t, int batches, int rows, int cols, boolean transposed,
                                NumFormat f) {
        Buffer buf = ctx.buffer(t);
        if (!(buf.layout() instanceof TensorLayout.RowMajor)) {
            throw new IllegalArgumentException("the operand " + t.name() + " is an NHWC image, not a row-major matrix");
        }
        if (!transposed && buf.format() == f) {
            return buf.addr();
        }
        long plane = (long) rows * cols;
        long[] strides = transposed ? new long[] {plane, 1, rows} : new long[] {plane, cols, 1};
        long addr = ctx.reserve(t.name() + (transposed ? " transposed" : " as GEMM operand"), batches * plane);
        OutputSpec a = ctx.options.activation();
        StridedCopy.emit(ctx.machine, ctx.insns, new int[] {batches, rows, cols},
                new StridedCopy.View(buf.addr(), buf.format(), strides),
                new StridedCopy.View(addr, f, new long[] {plane, cols, 1}),
                new OutputSpec(f, a.rounding(), a.overflow(), a.srBits(), a.scaleExp()));
        return addr;
    }
}
