package io.github.fp8sim.workloads.compiler;

import java.util.List;

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

/**
 * Global average pooling of an NHWC code tensor (stored with a {@code pad}-wide border) to a
 * {@code batch x C} code matrix, ready to be a classifier's A operand.
 *
 * <p>The sum needs no vector instruction: widening DMAs with a local stride of 0 land every pixel of
 * an image in the same accumulator row, the first overwriting and the rest accumulating, so the sum
 * runs over pixels in raster order, one FP32 add each. Then one {@code vop.mul} by the FP32 value of
 * 1 / (H x W), quantize, store. Channels go in slices of at most {@code maxChannels}.
 */
public final class GlobalAvgPoolLowering {

    private GlobalAvgPoolLowering() {
    }

    /** Lowers a graph's global average pool of an NHWC image buffer; channels in slices the SRAMs hold. */
    static void lower(Node n, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        TensorLayout.Nhwc l = ctx.nhwc(in, "global average pooling");
        OutputSpec spec = ctx.outputSpec(y);
        Buffer out = ctx.allocate(y, new TensorLayout.RowMajor(y.shape()), spec.format());
        ctx.beginLayer(n.name(), n.op().kind());
        int maxChannels = (int) Math.min(Math.min(ctx.machine.accumulator().bytes() / 4,
                ctx.machine.scratchpad().bytes() / spec.bytesPerElement()), TilePlan.MAX_DIM / 4);
        emit(l.n(), l.h(), l.w(), l.pad(), l.c(), in.addr(), in.format(), out.addr(), spec, maxChannels, ctx.insns);
        ctx.endLayer(y);
    }

    /**
     * @param inAddr  the NHWC input in DRAM, {@code batch x (h + 2 pad) x (w + 2 pad) x channels}
     * @param outAddr the {@code batch x channels} output in DRAM, rows {@code channels x bytes} apart
     */
    public static void emit(int batch, int h, int w, int pad, int channels, long inAddr, NumFormat inFormat,
                            long outAddr, OutputSpec output, int maxChannels, List<Instruction> out) {
        int eb = inFormat.bits() / 8;
        int ob = output.bytesPerElement();
        long rowW = w + 2L * pad;
        long pixel = (long) channels * eb;
        int immBits = Float.floatToRawIntBits((float) (1.0 / ((double) h * w)));
        for (int b = 0; b < batch; b++) {
            for (int c0 = 0; c0 < channels; c0 += maxChannels) {
                int c = Math.min(maxChannels, channels - c0);
                long acc = 0;
                long spad = 0;
                for (int y = 0; y < h; y++) {
                    long row = inAddr + (((long) b * (h + 2L * pad) + y + pad) * rowW + pad) * pixel + (long) c0 * eb;
                    if (y == 0) {
                        out.add(new DmaLoad(Space.ACC, row, acc, 1, c * eb, pixel, 0, inFormat, false));
                        if (w > 1) {
                            out.add(new DmaLoad(Space.ACC, row + pixel, acc, w - 1, c * eb, pixel, 0, inFormat, true));
                        }
                    } else {
                        out.add(new DmaLoad(Space.ACC, row, acc, w, c * eb, pixel, 0, inFormat, true));
                    }
                }
                out.add(new VectorOp(VectorFunc.MUL, acc, acc, 0, 1, c, c, c, 0, Broadcast.IMM, immBits));
                out.add(new Quantize(spad, acc, 1, c, c, c, output.format(), output.rounding(), output.overflow(),
                        output.srBits(), output.scaleExp()));
                out.add(new DmaStore(Space.SPAD, spad, outAddr + (long) b * channels * ob + (long) c0 * ob, 1, c * ob,
                        (long) c * ob, (long) c * ob));
            }
        }
    }
}
