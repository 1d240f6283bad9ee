package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;

/**
 * Layer normalisation of each row of an FP32 tile in the reference's two-pass form:
 * {@code mean = rsum(x) / D}, {@code x = x - mean}, {@code var = rsum(x^2) / D},
 * {@code x = x * rsqrt(var + eps) * gamma + beta}, with gamma and beta FP32 rows in the accumulator.
 * Eleven vector instructions; the divisions by D are exact IEEE divisions by an immediate, and the
 * sums run left to right in FP32 (the reference sums in double: a relative difference of about
 * D x 2^-24 at worst, far below one E5M2 step).
 */
final class LayerNormLowering {

    private LayerNormLowering() {
    }

    /**
     * @param x       the rows x cols tile in ACC (cols = D, whole rows), leading dimension cols
     * @param temp    a rows x cols scratch tile in ACC
     * @param scratch two FP32 columns of scratch in ACC ({@code rows x 2} words)
     * @param gamma   D FP32 values in ACC
     * @param beta    D FP32 values in ACC
     */
    static void emit(List<Instruction> out, long x, long temp, int rows, int cols, long scratch, long gamma, long beta,
                     float eps) {
        long mean = scratch;
        long var = scratch + 4L * rows;
        int d = Float.floatToRawIntBits(cols);
        out.add(new VectorOp(VectorFunc.RSUM, mean, x, 0, rows, cols, 1, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.DIV, mean, mean, 0, rows, 1, 1, 1, 0, Broadcast.IMM, d));
        out.add(new VectorOp(VectorFunc.SUB, x, x, mean, rows, cols, cols, cols, 1, Broadcast.COL, 0));
        out.add(new VectorOp(VectorFunc.SQUARE, temp, x, 0, rows, cols, cols, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.RSUM, var, temp, 0, rows, cols, 1, cols, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.DIV, var, var, 0, rows, 1, 1, 1, 0, Broadcast.IMM, d));
        out.add(new VectorOp(VectorFunc.ADD, var, var, 0, rows, 1, 1, 1, 0, Broadcast.IMM, Float.floatToRawIntBits(eps)));
        out.add(new VectorOp(VectorFunc.RSQRT, var, var, 0, rows, 1, 1, 1, 0, Broadcast.NONE, 0));
        out.add(new VectorOp(VectorFunc.MUL, x, x, var, rows, cols, cols, cols, 1, Broadcast.COL, 0));
        out.add(new VectorOp(VectorFunc.MUL, x, x, gamma, rows, cols, cols, cols, 0, Broadcast.ROW, 0));
        out.add(new VectorOp(VectorFunc.ADD, x, x, beta, rows, cols, cols, cols, 0, Broadcast.ROW, 0));
    }
}
