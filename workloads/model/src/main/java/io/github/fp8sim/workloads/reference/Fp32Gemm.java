package io.github.fp8sim.workloads.reference;

import java.util.Arrays;

import io.github.fp8sim.runtime.exec.GemmThreads;

/**
 * The one dot-product kernel of the executor (and of the FP32 backward passes): {@code C += A B} on rows of
 * {@code float}, each output summed in increasing k with a {@code float} rounding after every product and every
 * addition (the output-stationary order of ARCHITECTURE.md section 2). Blocking only regroups independent
 * outputs, never a sum; host threads share whole rows of C, so the bits do not depend on the thread count.
 */
public final class Fp32Gemm {

    /** Output columns per block: four C rows and one B row of this length stay in the L1 cache. */
    private static final int COLUMN_BLOCK = 512;

    private Fp32Gemm() {}

    /**
     * A matrix laid over a flat array: element {@code (i, j)} is {@code data[offset + i * rowStride + j * colStride]}.
     * A transpose is the same array with the strides exchanged.
     *
     * @param data      the array
     * @param offset    where element (0, 0) is
     * @param rowStride the distance from one row to the next
     * @param colStride the distance from one column to the next
     */
    public record View(float[] data, int offset, int rowStride, int colStride) {

        /** The row-major {@code rows x cols} block at {@code offset}. */
        public static View rowMajor(float[] data, int offset, int cols) {
            return new View(data, offset, cols, 1);
        }

        /** The row-major block at {@code offset} with {@code cols} columns as stored, or its transpose. */
        public static View rowMajor(float[] data, int offset, int cols, boolean transposed) {
            View v = rowMajor(data, offset, cols);
            return transposed ? v.transposed() : v;
        }

        /** Element {@code (i, j)}. */
        public float at(int i, int j) {
            return data[offset + i * rowStride + j * colStride];
        }

        /** The transpose: the same array, the strides exchanged. */
        public View transposed() {
            return new View(data, offset, colStride, rowStride);
        }

        /** A copy of the first {@code rows x cols} elements, one array per row. */
        public float[][] rows(int rows, int cols) {
            float[][] r = new float[rows][cols];
            for (int i = 0; i < rows; i++) {
                float[] ri = r[i];
                if (colStride == 1) {
                    System.arraycopy(data, offset + i * rowStride, ri, 0, cols);
                    continue;
                }
                for (int j = 0; j < cols; j++) {
                    ri[j] = at(i, j);
                }
            }
            return r;
        }
    }

    /**
     * The row-major {@code m x n} product {@code C = A B} of {@code a (m x k)} and {@code b (k x n)}, each element
     * {@code c(i, j) = ((init[j] + a(i,0) b(0,j)) + a(i,1) b(1,j)) + ...} in {@code float} as {@link #accumulate}
     * sums, from {@code columnInit[j]} (a bias), or +0.0 when that is null. The kernel's inner loop runs along the
     * longer side of C: with fewer columns than rows it computes {@code C^T = B^T A^T}, the same sums of the same
     * products (a product's factors commute). Host threads share the rows of C or of {@code C^T}.
     */
    public static float[] multiply(View a, View b, int m, int k, int n, float[] columnInit, GemmThreads threads) {
        float[] out = new float[m * n];
        if (n >= m) {
            float[][] c = initialRows(m, n, columnInit);
            accumulate(a.rows(m, k), b.rows(k, n), c, threads);
            store(c, out, 0);
            return out;
        }
        float[][] ct = new float[n][m];
        if (columnInit != null) {
            for (int j = 0; j < n; j++) {
                Arrays.fill(ct[j], columnInit[j]);
            }
        }
        accumulate(b.transposed().rows(n, k), a.transposed().rows(k, m), ct, threads);
        for (int j = 0; j < n; j++) {
            float[] cj = ct[j];
            for (int i = 0; i < m; i++) {
                out[i * n + j] = cj[i];
            }
        }
        return out;
    }

    /**
     * {@code c[i][j] = c[i][j] + a[i][0] b[0][j] + a[i][1] b[1][j] + ...}, left to right in {@code float}.
     *
     * @param a {@code M} rows of at least {@code K} values
     * @param b {@code K} rows of {@code N} values
     * @param c {@code M} rows of {@code N} values, holding each output's initial value (zero or bias)
     */
    public static void accumulate(float[][] a, float[][] b, float[][] c) {
        accumulateRows(a, b, c, 0, c.length);
    }

    /**
     * {@link #accumulate(float[][], float[][], float[][])} with the rows of C shared by {@code threads}: the same bits.
     */
    public static void accumulate(float[][] a, float[][] b, float[][] c, GemmThreads threads) {
        long macs = c.length == 0 ? 0 : (long) c.length * b.length * c[0].length;
        threads.forRows(c.length, macs, (r0, rows) -> accumulateRows(a, b, c, r0, r0 + rows));
    }

    /** Rows {@code [m0, m1)} of {@link #accumulate(float[][], float[][], float[][])}. */
    private static void accumulateRows(float[][] a, float[][] b, float[][] c, int m0, int m1) {
        int k = b.length;
        int n = m1 == m0 ? 0 : c[m0].length;
        for (int n0 = 0; n0 < n; n0 += COLUMN_BLOCK) {
            int n1 = Math.min(n, n0 + COLUMN_BLOCK);
            int i = m0;
            // Four rows at a time share each load of a B row; one array per row so C2 vectorises over j.
            for (; i + 4 <= m1; i += 4) {
                fourRows(a, b, c, i, k, n0, n1);
            }
            for (; i < m1; i++) {
                float[] ci = c[i];
                float[] ai = a[i];
                for (int kk = 0; kk < k; kk++) {
                    float w = ai[kk];
                    float[] bk = b[kk];
                    for (int j = n0; j < n1; j++) {
                        ci[j] += w * bk[j];
                    }
                }
            }
        }
    }

    private static void fourRows(float[][] a, float[][] b, float[][] c, int i, int k, int n0, int n1) {
        float[] c0 = c[i];
        float[] c1 = c[i + 1];
        float[] c2 = c[i + 2];
        float[] c3 = c[i + 3];
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        for (int kk = 0; kk < k; kk++) {
            float w0 = a0[kk];
            float w1 = a1[kk];
            float w2 = a2[kk];
            float w3 = a3[kk];
            float[] bk = b[kk];
            for (int j = n0; j < n1; j++) {
                float v = bk[j];
                c0[j] += w0 * v;
                c1[j] += w1 * v;
                c2[j] += w2 * v;
                c3[j] += w3 * v;
            }
        }
    }

    /** {@code rows} rows of {@code cols} values, each filled with {@code init[j]} (a bias), or zeros when null. */
    public static float[][] initialRows(int rows, int cols, float[] init) {
        float[][] c = new float[rows][];
        for (int i = 0; i < rows; i++) {
            c[i] = init == null ? new float[cols] : init.clone();
        }
        return c;
    }

    /** The {@code rows x cols} row-major block of {@code flat} starting at {@code offset}, one array per row. */
    public static float[][] rows(float[] flat, int offset, int rows, int cols) {
        return View.rowMajor(flat, offset, cols).rows(rows, cols);
    }

    /** The transpose of the {@code rows x cols} row-major block of {@code flat} at {@code offset}: {@code cols} rows of {@code rows}. */
    public static float[][] transposedRows(float[] flat, int offset, int rows, int cols) {
        return View.rowMajor(flat, offset, cols, true).rows(cols, rows);
    }

    /** Copies the rows of {@code c} into {@code flat} from {@code offset}, one after the other. */
    public static void store(float[][] c, float[] flat, int offset) {
        for (float[] row : c) {
            System.arraycopy(row, 0, flat, offset, row.length);
            offset += row.length;
        }
    }
}
