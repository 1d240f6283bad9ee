package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.reference.Fp32Gemm.View;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * linear and matmul on {@link Fp32Gemm}: each output starts at its bias (or +0.0) and sums in increasing k. Host threads
 * share linear's rows, and matmul's batch indices (the rows of a single one).
 */
final class MatrixOps {

    private MatrixOps() {}

    /** {@code y[..., o] = bias[o] + sum_i x[..., i] W[o, i]} over the last axis; {@code bias} may be null. */
    static FloatTensor linear(FloatTensor x, FloatTensor w, FloatTensor bias, TensorShape out, GemmThreads threads) {
        int in = w.shape().dim(1);
        int features = w.shape().dim(0);
        int rows = x.size() / in;
        float[] y = Fp32Gemm.multiply(View.rowMajor(x.data(), 0, in), View.rowMajor(w.data(), 0, in, true), rows, in, features,
                bias == null ? null : bias.data(), threads);
        return new FloatTensor(out, y);
    }

    /** {@code C[b] = op(A[b]) op(B[b])} for every batch index b, op a transpose where the flag says so. */
    static FloatTensor matMul(MatMul m, FloatTensor a, FloatTensor b, TensorShape out, GemmThreads threads) {
        int r = out.rank();
        int rows = out.dim(r - 2);
        int cols = out.dim(r - 1);
        int aRows = a.shape().dim(r - 2);
        int aCols = a.shape().dim(r - 1);
        int bRows = b.shape().dim(r - 2);
        int bCols = b.shape().dim(r - 1);
        int inner = m.transposeA() ? aRows : aCols;
        int batches = a.size() / (aRows * aCols);
        float[] y = new float[Math.toIntExact(out.numel())];
        // One batch index shares its rows; several share out the batch indices, each computed whole.
        GemmThreads each = batches == 1 ? threads : GemmThreads.SERIAL;
        threads.forRows(batches, out.numel() * inner, (first, count) -> {
            for (int i = first; i < first + count; i++) {
                View left = View.rowMajor(a.data(), i * aRows * aCols, aCols, m.transposeA());
                View right = View.rowMajor(b.data(), i * bRows * bCols, bCols, m.transposeB());
                float[] c = Fp32Gemm.multiply(left, right, rows, inner, cols, null, each);
                System.arraycopy(c, 0, y, i * rows * cols, c.length);
            }
        });
        return new FloatTensor(out, y);
    }
}
