package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.Widths;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * A DRAM-to-DRAM copy between two strided views of the same index space: what transpose, concat, a
 * slice that is not contiguous, and a transposed GEMM operand need. The machine has no DRAM-to-DRAM
 * move, so data goes through a staging area: the scratchpad when both sides have one format (bytes
 * move unchanged), or the accumulator when they differ (widening loads, then a {@code quant} to the
 * destination's format, then stores).
 *
 * <p>The index space is walked in the destination's row-major order. Axes of size 1 are dropped and
 * neighbours that are contiguous on both sides merged; if the innermost axis is contiguous on both
 * sides it becomes the <em>run</em> (the bytes one DMA row moves), otherwise the run is one element
 * (an element-granular gather, e.g. a transpose). The next axis is the DMA's row axis, with each
 * side's stride; every other axis is a loop. Loads fill the stage densely; consecutive pieces whose
 * destinations are adjacent are written back by one store, so a transpose costs one load per output
 * row block and a few stores. The stage alternates between two halves, so the next load overlaps the
 * last store.
 */
final class StridedCopy {

    /** Bytes per DMA row and elements per quantize row: the ISA's 16-bit fields. */
    private static final int MAX_FIELD = (int) Widths.maxUnsigned(Widths.DIM);

    /**
     * One side of a copy: element {@code (i0, i1, ...)} sits at {@code addr + sum(i_d strides[d]) x bytes}.
     *
     * @param strides in elements, one per axis of the copy's index space
     */
    record View(long addr, NumFormat format, long[] strides) {

        /** The view of a whole buffer with the IR shape {@code shape}, in the IR's axis order. */
        static View of(Buffer b, TensorShape shape) {
            return switch (b.layout()) {
                case TensorLayout.RowMajor r -> new View(b.addr(), b.format(), rowMajorStrides(shape));
                case TensorLayout.Nhwc l -> new View(b.addr() + l.pixel(0, 0, 0) * b.bytesPerElement(), b.format(),
                        new long[] {(long) l.paddedH() * l.paddedW() * l.c(), 1, (long) l.paddedW() * l.c(), l.c()});
            };
        }

        /** This view moved by {@code elements}. */
        View offset(long elements) {
            return new View(addr + elements * (format.bits() / 8), format, strides);
        }

        int bytes() {
            return format.bits() / 8;
        }
    }

    /** The row-major strides of {@code s}, in elements. */
    static long[] rowMajorStrides(TensorShape s) {
        long[] st = new long[s.rank()];
        long stride = 1;
        for (int d = s.rank() - 1; d >= 0; d--) {
            st[d] = stride;
            stride *= s.dim(d);
        }
        return st;
    }

    private final MachineConfig machine;
    private final List<Instruction> out;
    private final View src;
    private final View dst;
    private final OutputSpec spec;
    private final boolean convert;
    private final int sb;
    private final int db;
    /** Stage capacity in elements, per half. */
    private final long stageElements;
    private int half;
    private long used;
    /** The staged piece not yet stored: a contiguous destination range, or none (pendingElements 0). */
    private long pendingStage;
    private long pendingDst;
    private long pendingElements;

    private StridedCopy(MachineConfig machine, List<Instruction> out, View src, View dst, OutputSpec spec) {
        this.machine = machine;
        this.out = out;
        this.src = src;
        this.dst = dst;
        this.spec = spec;
        this.convert = src.format() != dst.format();
        this.sb = src.bytes();
        this.db = dst.bytes();
        long spadHalf = machine.scratchpad().bytes() / 2;
        long cap = convert ? Math.min(machine.accumulator().bytes() / 8, spadHalf / db) : spadHalf / db;
        this.stageElements = cap;
        if (cap < 1) {
            throw new IllegalArgumentException("the machine's SRAMs cannot stage one element");
        }
    }

    /**
     * Appends the copy of every index of {@code dims} from {@code src} to {@code dst}.
     *
     * @param spec how values are rounded when the two formats differ (its format must be the destination's)
     */
    static void emit(MachineConfig machine, List<Instruction> out, int[] dims, View src, View dst, OutputSpec spec) {
        if (src.strides().length != dims.length || dst.strides().length != dims.length) {
            throw new IllegalStateException("views of rank " + src.strides().length + " and " + dst.strides().length
                    + " for an index space of rank " + dims.length);
        }
        if (src.format() != dst.format() && spec.format() != dst.format()) {
            throw new IllegalStateException("the copy converts to " + spec.format() + " but writes " + dst.format());
        }
        List<long[]> axes = new ArrayList<>();      // {size, src stride, dst stride}, merged
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] == 0) {
                return;
            }
            if (dims[d] == 1) {
                continue;
            }
            long[] a = {dims[d], src.strides()[d], dst.strides()[d]};
            if (!axes.isEmpty()) {
                long[] p = axes.get(axes.size() - 1);
                if (p[1] == a[1] * a[0] && p[2] == a[2] * a[0]) {
                    axes.set(axes.size() - 1, new long[] {p[0] * a[0], a[1], a[2]});
                    continue;
                }
            }
            axes.add(a);
        }
        StridedCopy c = new StridedCopy(machine, out, src, dst, spec);
        long run = 1;
        if (!axes.isEmpty() && axes.get(axes.size() - 1)[1] == 1 && axes.get(axes.size() - 1)[2] == 1) {
            run = axes.remove(axes.size() - 1)[0];
        }
        long maxRun = Math.min(c.stageElements, MAX_FIELD / Math.max(c.sb, c.db));
        if (run > maxRun) {
            // a run longer than a DMA row: whole pieces of maxRun as one more axis, then the tail
            long pieces = run / maxRun;
            long tail = run % maxRun;
            List<long[]> main = new ArrayList<>(axes);
            main.add(new long[] {pieces, maxRun, maxRun});
            c.walk(main, maxRun, 0, 0);
            if (tail > 0) {
                c.walk(axes, tail, pieces * maxRun, pieces * maxRun);
            }
        } else {
            c.walk(axes, run, 0, 0);
        }
        c.flush();
    }

    /** Every run of the index space {@code axes x run}, from the given element offsets. */
    private void walk(List<long[]> axes, long run, long srcOff, long dstOff) {
        long rows = 1;
        long rs = 0;
        long rd = 0;
        int outer = axes.size();
        if (!axes.isEmpty()) {
            long[] r = axes.get(axes.size() - 1);
            rows = r[0];
            rs = r[1];
            rd = r[2];
            outer--;
        }
        long[] index = new long[outer];
        long maxRows = Math.min(MAX_FIELD, stageElements / run);
        while (true) {
            long so = srcOff;
            long d0 = dstOff;
            for (int i = 0; i < outer; i++) {
                so += index[i] * axes.get(i)[1];
                d0 += index[i] * axes.get(i)[2];
            }
            for (long r0 = 0; r0 < rows; r0 += maxRows) {
                int n = (int) Math.min(maxRows, rows - r0);
                piece(so + r0 * rs, d0 + r0 * rd, n, (int) run, rs, rd);
            }
            int d = outer - 1;
            while (d >= 0 && ++index[d] == axes.get(d)[0]) {
                index[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
    }

    /** n rows of run elements: source rows rs elements apart, destination rows rd apart. */
    private void piece(long srcOff, long dstOff, int n, int run, long rs, long rd) {
        long elements = (long) n * run;
        if (used + elements > stageElements) {
            flush();
            half ^= 1;
            used = 0;
        }
        long stage = used;
        if (convert) {
            out.add(new DmaLoad(Space.ACC, src.addr() + srcOff * sb, accAddr(stage), n, run * sb, rs * sb, 4L * run,
                    src.format() == NumFormat.FP32 ? null : src.format(), false));
        } else {
            out.add(new DmaLoad(Space.SPAD, src.addr() + srcOff * sb, spadAddr(stage), n, run * sb, rs * sb, (long) run * sb));
        }
        used += elements;
        long dstAddr = dst.addr() + dstOff * db;
        if (n == 1 || rd == run) {
            if (pendingElements > 0 && pendingDst + pendingElements * db == dstAddr) {
                pendingElements += elements;
                return;
            }
            flush();
            pendingStage = stage;
            pendingDst = dstAddr;
            pendingElements = elements;
            return;
        }
        flush();
        if (convert) {
            out.add(new Quantize(spadAddr(stage), accAddr(stage), n, run, run, run, spec.format(), spec.rounding(),
                    spec.overflow(), spec.srBits(), spec.scaleExp()));
        }
        out.add(new DmaStore(Space.SPAD, spadAddr(stage), dstAddr, n, run * db, (long) run * db, rd * db));
    }

    /** Stores the pending contiguous range, in rows of at most the DMA's row length. */
    private void flush() {
        long left = pendingElements;
        long stage = pendingStage;
        long at = pendingDst;
        while (left > 0) {
            int e = (int) Math.min(left, MAX_FIELD / db);
            if (convert) {
                out.add(new Quantize(spadAddr(stage), accAddr(stage), 1, e, e, e, spec.format(), spec.rounding(),
                        spec.overflow(), spec.srBits(), spec.scaleExp()));
            }
            out.add(new DmaStore(Space.SPAD, spadAddr(stage), at, 1, e * db, (long) e * db, (long) e * db));
            left -= e;
            stage += e;
            at += (long) e * db;
        }
        pendingElements = 0;
    }

    private long spadAddr(long stageElement) {
        return (long) half * stageElements * db + stageElement * db;
    }

    private long accAddr(long stageElement) {
        return 4L * ((long) half * stageElements + stageElement);
    }
}
