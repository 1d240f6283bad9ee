package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.runtime.config.MachineConfig;

/**
 * Lowers a {@link ConvLayer} as an implicit GEMM: no im2col copy exists anywhere. For an A tile
 * (output pixels m0.., columns k0..), each run of pixels within one output row and each run of
 * columns within one filter tap (fh, fw) is one strided DMA: the pixels' input rows are
 * {@code stride * C} bytes apart in the NHWC input, and their channels are contiguous. Output tiles
 * are stored the same way, one DMA per run of pixels within an output row, into the padded output.
 * The DMA traffic is the im2col operand's (each input pixel is read once per tap), which is what an
 * implicit convolution costs.
 */
public final class ConvLowering {

    private ConvLowering() {
    }

    public static void emit(ConvLayer conv, MachineConfig machine, List<Instruction> out) {
        GemmLayer gemm = conv.asGemm();
        emit(conv, machine, TilePlan.of(machine, gemm), out);
    }

    public static void emit(ConvLayer conv, MachineConfig machine, TilePlan plan, List<Instruction> out) {
        TileEpilogue residual = conv.residual().<TileEpilogue>map(r -> (m0, m, n0, n, acc, o) ->
                addResidual(conv, r, m0, m, n0, n, acc, o)).orElse(null);
        GemmLowering.emit(conv.asGemm(), (m0, m, k0, k, spad, o) -> loadA(conv, m0, m, k0, k, spad, o),
                (m0, m, n0, n, spad, o) -> store(conv, m0, m, n0, n, spad, o), residual, machine, plan, out);
    }

    /**
     * The shortcut of a residual block, stored like this layer's output (same pixels and channels)
     * with its own border and format: each run of pixels within an output row is one DMA that widens
     * its codes to FP32 and adds them into the accumulator tile.
     */
    static void addResidual(ConvLayer c, ImageOperand r, int m0, int m, int n0, int n, long acc, List<Instruction> out) {
        int filters = c.geometry().filters();
        forEachRun(c, m0, m, r.border(), (p, run, pixelOffset) -> {
            int eb = r.format().bits() / 8;
            out.add(new DmaLoad(Space.ACC, r.addr() + pixelOffset * filters * eb + (long) n0 * eb,
                    acc + 4L * (p - m0) * n, run, n * eb, (long) filters * eb, 4L * n, r.format(), true));
        });
    }

    /** A run of {@code run} output pixels starting at pixel {@code p}, at pixel offset {@code pixelOffset} in the padded output layout. */
    @FunctionalInterface
    interface RunVisitor {
        void visit(int p, int run, long pixelOffset);
    }

    /**
     * Visits the runs of pixels within one output row in [m0, m0 + m), with their offsets in an
     * output-shaped layout with a {@code pad}-wide border.
     */
    static void forEachRun(ConvLayer c, int m0, int m, int pad, RunVisitor visitor) {
        int ow = c.outW();
        int oh = c.outH();
        long rowW = ow + 2L * pad;
        long rowH = oh + 2L * pad;
        int p = m0;
        while (p < m0 + m) {
            int b = p / (oh * ow);
            int y = p / ow % oh;
            int x = p % ow;
            int run = Math.min(ow - x, m0 + m - p);
            visitor.visit(p, run, (b * rowH + y + pad) * rowW + x + pad);
            p += run;
        }
    }

    static void loadA(ConvLayer c, int m0, int m, int k0, int k, long spad, List<Instruction> out) {
        ConvGeometry g = c.geometry();
        int ow = c.outW();
        int oh = c.outH();
        int ch = g.channels();
        int skip = c.input().border();
        long pitchW = g.inW() + 2L * skip;
        long pitchH = g.inH() + 2L * skip;
        int p = m0;
        while (p < m0 + m) {
            int b = p / (oh * ow);
            int y = p / ow % oh;
            int x = p % ow;
            int run = Math.min(ow - x, m0 + m - p);           // pixels left in this output row and this tile
            int kk = k0;
            while (kk < k0 + k) {
                int tap = kk / ch;
                int cc = kk % ch;
                int seg = Math.min(ch - cc, k0 + k - kk);     // channels left in this tap and this tile
                int fh = tap / g.filterW();
                int fw = tap % g.filterW();
                long dram = c.input().addr() + (((long) b * pitchH + skip + (long) y * g.stride() + fh) * pitchW
                        + skip + (long) x * g.stride() + fw) * ch + cc;
                out.add(new DmaLoad(Space.SPAD, dram, spad + (long) (p - m0) * k + (kk - k0), run, seg,
                        (long) g.stride() * ch, k));
                kk += seg;
            }
            p += run;
        }
    }

    static void store(ConvLayer c, int m0, int m, int n0, int n, long spad, List<Instruction> out) {
        int ob = c.epilogue().output().bytesPerElement();
        long pixel = (long) c.geometry().filters() * ob;
        forEachRun(c, m0, m, c.outPad(), (p, run, pixelOffset) -> out.add(new DmaStore(Space.SPAD, spad + (long) (p - m0) * n * ob,
                c.outAddr() + pixelOffset * pixel + (long) n0 * ob, run, n * ob, (long) n * ob, pixel)));
    }
}
