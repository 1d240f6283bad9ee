package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.tensor.TensorShape;

/** The blocked kernel against the plain triple loop in the documented order, bit for bit. */
class Fp32GemmTest {

    @Test
    void blockedKernelEqualsThePlainLoop() {
        // 7 rows (a block of four, then three single rows) and 1100 columns (three column blocks of 512).
        int m = 7;
        int k = 37;
        int n = 1100;
        float[][] a = Fp32Gemm.rows(TestTensors.uniform(TensorShape.of(m, k), 21, 1.0).data(), 0, m, k);
        float[][] b = Fp32Gemm.rows(TestTensors.uniform(TensorShape.of(k, n), 22, 3.0).data(), 0, k, n);
        float[] bias = TestTensors.uniform(TensorShape.of(n), 23, 1.0).data();
        float[][] c = Fp32Gemm.initialRows(m, n, bias);
        Fp32Gemm.accumulate(a, b, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = bias[j];
                for (int kk = 0; kk < k; kk++) {
                    acc += a[i][kk] * b[kk][j];
                }
                assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(c[i][j]), "c[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void multiplyEqualsThePlainLoopAlongEitherSideWithAnyThreadCount() {
        // 300 x 40 (more rows than columns: the kernel works on C^T) and 40 x 300, A read through a transpose;
        // 1.2M multiply-adds each, which two threads share.
        for (int[] mn : new int[][] {{300, 40}, {40, 300}}) {
            int m = mn[0];
            int k = 100;
            int n = mn[1];
            float[] a = TestTensors.uniform(TensorShape.of(k, m), 24, 1.0).data();
            float[] b = TestTensors.uniform(TensorShape.of(k, n), 25, 3.0).data();
            float[] bias = TestTensors.uniform(TensorShape.of(n), 26, 1.0).data();
            Fp32Gemm.View at = Fp32Gemm.View.rowMajor(a, 0, m, true);
            for (int threads = 1; threads <= 2; threads++) {
                try (GemmThreads t = GemmThreads.of(threads)) {
                    float[] c = Fp32Gemm.multiply(at, Fp32Gemm.View.rowMajor(b, 0, n), m, k, n, bias, t);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            float acc = bias[j];
                            for (int kk = 0; kk < k; kk++) {
                                acc += a[kk * m + i] * b[kk * n + j];
                            }
                            assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(c[i * n + j]),
                                    m + "x" + n + ", " + threads + " thread(s), c[" + i + "][" + j + "]");
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowsAndTransposedRowsCopyTheBlock() {
        float[] flat = {9, 1, 2, 3, 4, 5, 6};
        float[][] r = Fp32Gemm.rows(flat, 1, 2, 3);
        assertEquals(4f, r[1][0]);
        float[][] t = Fp32Gemm.transposedRows(flat, 1, 2, 3);
        // [[1,2,3],[4,5,6]]^T = [[1,4],[2,5],[3,6]].
        assertEquals(3, t.length);
        assertEquals(5f, t[1][1]);
        assertEquals(6f, t[2][1]);
    }
}
