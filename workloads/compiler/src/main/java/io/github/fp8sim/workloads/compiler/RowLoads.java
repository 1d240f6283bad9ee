package io.github.fp8sim.workloads.compiler;

import java.util.List;
import java.util.function.IntUnaryOperator;

import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.Widths;

/**
 * Loads a list of rows of a DRAM matrix into consecutive local rows: local row i gets source row
 * {@code row(i)}. Runs of rows whose source index steps by a constant {@code >= 0} become one strided
 * DMA each (step 0 repeats a row: a broadcast operand, a bias, a positional-encoding row shared by
 * every batch entry; step 1 is a plain block; any other step a gather of evenly spaced rows).
 */
final class RowLoads {

    private RowLoads() {
    }

    /**
     * @param count        local rows to fill
     * @param row          the source row of local row i
     * @param base         DRAM address of source row 0 (plus any column offset)
     * @param srcRowStride bytes between source rows
     * @param rowBytes     bytes read per row
     * @param local        first local byte written
     * @param localStride  bytes between local rows
     * @param convertFrom  widen from this format into the accumulator, or null to copy bytes
     * @param accumulate   add into the accumulator's FP32 words instead of overwriting them
     */
    static void emit(List<Instruction> out, Space dst, int count, IntUnaryOperator row, long base, long srcRowStride,
                     int rowBytes, long local, long localStride, NumFormat convertFrom, boolean accumulate) {
        long maxStride = Widths.maxUnsigned(Widths.STRIDE);
        long maxRows = Widths.maxUnsigned(Widths.DIM);
        int i = 0;
        while (i < count) {
            int first = row.applyAsInt(i);
            int n = 1;
            long step = 0;
            if (i + 1 < count) {
                long d = (long) row.applyAsInt(i + 1) - first;
                if (d >= 0 && d * srcRowStride <= maxStride) {
                    step = d;
                    n = 2;
                    while (i + n < count && n < maxRows && row.applyAsInt(i + n) - row.applyAsInt(i + n - 1) == d) {
                        n++;
                    }
                }
            }
            out.add(new DmaLoad(dst, base + first * srcRowStride, local + i * localStride, n, rowBytes,
                    step * srcRowStride, localStride, convertFrom, accumulate));
            i += n;
        }
    }
}
