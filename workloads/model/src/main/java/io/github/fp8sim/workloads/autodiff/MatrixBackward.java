package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.Fp32Gemm.View;

/**
 * Gradients of linear and matmul. Each gradient element is a {@link Products} dot product in {@code float};
 * the reduction index is named per gradient below. Bias gradients are sums in double. Host threads share the
 * rows of each product (matmul: the batch indices, when there are several), never a sum.
 */
final class MatrixBackward {

    private MatrixBackward() {}

    /**
     * {@code [dX, dW, db]} of {@code y = x W^T + b} over the last axis, the leading axes of {@code x} flattened
     * into R rows: {@code dX[r][i] = sum_o dY[r][o] W[o][i]} (increasing o), {@code dW[o][i] = sum_r dY[r][o] x[r][i]}
     * (increasing r), {@code db[o] = sum_r dY[r][o]} in double (increasing r). The list has two entries without a bias.
     */
    static List<FloatTensor> linear(boolean bias, FloatTensor x, FloatTensor w, FloatTensor dy, GemmThreads threads) {
        int features = w.shape().dim(0);
        int in = w.shape().dim(1);
        int rows = x.size() / in;
        View g = View.rowMajor(dy.data(), 0, features);
        float[] dx = Products.multiply(g, View.rowMajor(w.data(), 0, in), rows, features, in, threads);
        float[] dw = Products.multiply(g.transposed(), View.rowMajor(x.data(), 0, in), features, rows, in, threads);
        FloatTensor dxT = new FloatTensor(x.shape(), dx);
        FloatTensor dwT = new FloatTensor(w.shape(), dw);
        if (!bias) {
            return List.of(dxT, dwT);
        }
        Sums db = new Sums(TensorShape.of(features));
        float[] gv = dy.data();
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < features; o++) {
                db.add(o, gv[r * features + o]);
            }
        }
        return List.of(dxT, dwT, db.rounded());
    }

    /**
     * {@code [dA, dB]} of {@code C = op(A) op(B)} per batch index, {@code op(A)} M x K and {@code op(B)} K x N:
     * {@code d op(A)[i][k] = sum_j dC[i][j] op(B)[k][j]} (increasing j) and
     * {@code d op(B)[k][j] = sum_i op(A)[i][k] dC[i][j]} (increasing i), each transposed back where the op's flag
     * transposed its operand.
     */
    static List<FloatTensor> matMul(MatMul m, FloatTensor a, FloatTensor b, FloatTensor dc, GemmThreads threads) {
        TensorShape as = a.shape();
        TensorShape bs = b.shape();
        int r = as.rank();
        int aRows = as.dim(r - 2);
        int aCols = as.dim(r - 1);
        int bRows = bs.dim(r - 2);
        int bCols = bs.dim(r - 1);
        int rows = m.transposeA() ? aCols : aRows;
        int inner = m.transposeA() ? aRows : aCols;
        int cols = m.transposeB() ? bRows : bCols;
        int batches = a.size() / (aRows * aCols);
        float[] da = new float[a.size()];
        float[] db = new float[b.size()];
        GemmThreads each = batches == 1 ? threads : GemmThreads.SERIAL;
        threads.forRows(batches, 2L * batches * rows * cols * inner, (first, count) -> {
            for (int i = first; i < first + count; i++) {
                View opA = View.rowMajor(a.data(), i * aRows * aCols, aCols, m.transposeA());
                View opB = View.rowMajor(b.data(), i * bRows * bCols, bCols, m.transposeB());
                View g = View.rowMajor(dc.data(), i * rows * cols, cols);
                float[] dOpA = Products.multiply(g, opB.transposed(), rows, cols, inner, each);
                float[] dOpB = Products.multiply(opA.transposed(), g, inner, rows, cols, each);
                place(dOpA, rows, inner, m.transposeA(), da, i * aRows * aCols);
                place(dOpB, inner, cols, m.transposeB(), db, i * bRows * bCols);
            }
        });
        return List.of(new FloatTensor(as, da), new FloatTensor(bs, db));
    }

    /** Stores the {@code rows x cols} gradient of {@code op(X)} as the gradient of the stored X at {@code offset}. */
    private static void place(float[] g, int rows, int cols, boolean transposed, float[] out, int offset) {
        if (!transposed) {
            System.arraycopy(g, 0, out, offset, g.length);
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[offset + j * rows + i] = g[i * cols + j];
            }
        }
    }
}
