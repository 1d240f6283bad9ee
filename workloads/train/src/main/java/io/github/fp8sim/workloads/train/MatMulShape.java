package io.github.fp8sim.workloads.train;

import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * The geometry of a batched {@link MatMul}: {@code batches} products {@code op(A) [rows x inner]} times
 * {@code op(B) [inner x cols]}, with the stored operands' blocks read as the array wants them (row-major
 * op(X)) and gradients of op(X) written back to the stored layout.
 */
record MatMulShape(MatMul op, int batches, int rows, int inner, int cols, TensorShape outShape) {

    static MatMulShape of(MatMul m, TensorShape as, TensorShape bs) {
        int r = as.rank();
        int rows = m.transposeA() ? as.dim(r - 1) : as.dim(r - 2);
        int inner = m.transposeA() ? as.dim(r - 2) : as.dim(r - 1);
        int cols = m.transposeB() ? bs.dim(r - 2) : bs.dim(r - 1);
        return new MatMulShape(m, Math.toIntExact(as.numel() / ((long) rows * inner)), rows, inner, cols, as.withDim(r - 2, rows).withDim(r - 1, cols));
    }

    /** Batch {@code i}'s op(A), row-major rows x inner. */
    byte[] opA(byte[] a, int i) {
        return block(a, i * rows * inner, rows, inner, op.transposeA());
    }

    /** Batch {@code i}'s op(B), row-major inner x cols. */
    byte[] opB(byte[] b, int i) {
        return block(b, i * inner * cols, inner, cols, op.transposeB());
    }

    /** Batch {@code i}'s op(A)^T, row-major inner x rows: the stored block itself when A is stored transposed. */
    byte[] opATransposed(byte[] a, int i) {
        return block(a, i * rows * inner, inner, rows, !op.transposeA());
    }

    /** Batch {@code i}'s op(B)^T, row-major cols x inner. */
    byte[] opBTransposed(byte[] b, int i) {
        return block(b, i * inner * cols, cols, inner, !op.transposeB());
    }

    /** Writes the gradient of batch {@code i}'s op(A) into the stored A's gradient. */
    void placeA(float[] g, float[] da, int i) {
        place(g, rows, inner, op.transposeA(), da, i * rows * inner);
    }

    /** Writes the gradient of batch {@code i}'s op(B) into the stored B's gradient. */
    void placeB(float[] g, float[] db, int i) {
        place(g, inner, cols, op.transposeB(), db, i * inner * cols);
    }

    /** The row-major {@code r x c} matrix op(X) whose stored block at {@code offset} is X ({@code c x r} when transposed). */
    private static byte[] block(byte[] x, int offset, int r, int c, boolean transposed) {
        byte[] out = java.util.Arrays.copyOfRange(x, offset, offset + r * c);
        return transposed ? Codes.transpose(out, c, r) : out;
    }

    private static void place(float[] g, int r, int c, boolean transposed, float[] out, int offset) {
        if (!transposed) {
            System.arraycopy(g, 0, out, offset, g.length);
            return;
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[offset + j * r + i] = g[i * c + j];
            }
        }
    }
}
