package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.TensorShape;

/** linear and matmul on {@link Gemm}: each output starts at its bias (or +0.0) and sums in increasing k. */
final class MatrixOps {

    private MatrixOps() {}

    /** {@code y[..., o] = bias[o] + sum_i x[..., i] W[o, i]} over the last axis; {@code bias} may be null. */
    static FloatTensor linear(FloatTensor x, FloatTensor w, FloatTensor bias, TensorShape out) {
        int in = w.shape().dim(1);
        int features = w.shape().dim(0);
        int rows = x.size() / in;
        float[][] c = Gemm.initialRows(rows, features, bias == null ? null : bias.data());
        Gemm.accumulate(Gemm.rows(x.data(), 0, rows, in), Gemm.transposedRows(w.data(), 0, features, in), c);
        float[] y = new float[rows * features];
        Gemm.store(c, y, 0);
        return new FloatTensor(out, y);
    }

    /** {@code C[b] = op(A[b]) op(B[b])} for every batch index b, op a transpose where the flag says so. */
    static FloatTensor matMul(MatMul m, FloatTensor a, FloatTensor b, TensorShape out) {
        int r = out.rank();
        int rows = out.dim(r - 2);
        int cols = out.dim(r - 1);
        int aRows = a.shape().dim(r - 2);
        int aCols = a.shape().dim(r - 1);
        int bRows = b.shape().dim(r - 2);
        int bCols = b.shape().dim(r - 1);
        int batches = a.size() / (aRows * aCols);
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int i = 0; i < batches; i++) {
            int aOff = i * aRows * aCols;
            int bOff = i * bRows * bCols;
            float[][] left = m.transposeA()
                    ? Gemm.transposedRows(a.data(), aOff, aRows, aCols)
                    : Gemm.rows(a.data(), aOff, aRows, aCols);
            float[][] right = m.transposeB()
                    ? Gemm.transposedRows(b.data(), bOff, bRows, bCols)
                    : Gemm.rows(b.data(), bOff, bRows, bCols);
            float[][] c = Gemm.initialRows(rows, cols, null);
            Gemm.accumulate(left, right, c);
            Gemm.store(c, y, i * rows * cols);
        }
        return new FloatTensor(out, y);
    }
}
