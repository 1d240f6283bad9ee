package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;

/**
 * Softmax of each row of an FP32 tile, max-subtracted as the reference computes it:
 * {@code m = rmax(x)}, {@code x = exp(x - m)}, {@code s = rsum(x)}, {@code x = x / s}: five vector
 * instructions, the subtraction and the division broadcasting a column. A -infinity entry (a causal
 * mask) becomes {@code exp(-inf) = 0}; a row needs one finite entry, as in the reference. Each step is
 * an FP32 operation (exp rounded once from double), so the result is within a few FP32 ulps of the
 * reference's double computation before the output is quantized.
 */
final class SoftmaxLowering {

    private SoftmaxLowering() {
    }

    /**
     * @param x       the rows x cols tile in ACC, leading dimension cols
     * @param scratch two FP32 columns of scratch in ACC ({@code rows x 2} words)
     */
    static void emit(List<Instruction> out, long x, int rows, int cols, long scratch) {
        long max = scratch;
        long sum = scratch + 4L * rows;
        out.add(new VectorOp(VectorFunc.RMAX, max, x, 0, rows, cols, 1, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.SUB, x, x, max, rows, cols, cols, cols, 1, Broadcast.COL, 0));
        out.add(new VectorOp(VectorFunc.EXP, x, x, 0, rows, cols, cols, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.RSUM, sum, x, 0, rows, cols, 1, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.DIV, x, x, sum, rows, cols, cols, cols, 1, Broadcast.COL, 0));
    }
}
