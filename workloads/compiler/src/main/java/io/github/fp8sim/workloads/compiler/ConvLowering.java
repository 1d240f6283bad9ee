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
        TileEpilogue residual = conv.residualAddr() < 0 ? null
                : (m0, m, n0, n, acc, o) -> addResidual(conv, m0, m, n0, n, acc, o);
        GemmLowering.emit(conv.asGemm(), (m0, m, k0, k, spad, o) -> loadA(conv, m0, m, k0, k, spad, o),
                (m0, m, n0, n, spad, o) -> store(conv, m0, m, n0, n, spad, o), residual, machine, plan, out);
    }

    /**
     * The shortcut of a residual block, stored like this layer's output (same pixels, channels and
     * padding) in {@code residualFormat}: each run of pixels within an output row is one DMA that
     * widens its codes to FP32 and adds them into the accumulator tile.
     */
    static void addResidual(ConvLayer c, int m0, int m, int n0, int n, long acc, List<Instruction> out) {
        forEachRun(c, m0, m, c.residualPad(), (p, run, pixelOffset) -> {
            int eb = c.residualFormat().bits() / 8;
            out.add(new DmaLoad(Space.ACC, c.residualAddr() + pixelOffset * c.filters() * eb + (long) n0 * eb,
                    acc + 4L * (p - m0) * n, run, n * eb, (long) c.filters() * eb, 4L * n, c.residualFormat(), true));
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
        int ow = c.outW();
        int oh = c.outH();
        int ch = c.channels();
        int skip = c.inSkip();
        long pitchW = c.inW() + 2L * skip;
        long pitchH = c.inH() + 2L * skip;
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
                int fh = tap / c.filterW();
                int fw = tap % c.filterW();
                long dram = c.inAddr() + (((long) b * pitchH + skip + (long) y * c.stride() + fh) * pitchW
                        + skip + (long) x * c.stride() + fw) * ch + cc;
                out.add(new DmaLoad(Space.SPAD, dram, spad + (long) (p - m0) * k + (kk - k0), run, seg,
                        (long) c.stride() * ch, k));
                kk += seg;
            }
            p += run;
        }
    }

    static void store(ConvLayer c, int m0, int m, int n0, int n, long spad, List<Instruction> out) {
        int ob = c.output().bytesPerElement();
        long pixel = (long) c.filters() * ob;
        forEachRun(c, m0, m, c.outPad(), (p, run, pixelOffset) -> out.add(new DmaStore(Space.SPAD, spad + (long) (p - m0) * n * ob,
                c.outAddr() + pixelOffset * pixel + (long) n0 * ob, run, n * ob, (long) n * ob, pixel)));
    }
}
