package io.github.fp8sim.workloads.reference;

/**
 * The one dot-product kernel of the executor: {@code C += A B} on rows of {@code float}, each output summed in
 * increasing k with a {@code float} rounding after every product and every addition (the output-stationary
 * order of ARCHITECTURE.md section 2). Blocking only regroups independent outputs, never a sum.
 */
final class Gemm {

    /** Output columns per block: four C rows and one B row of this length stay in the L1 cache. */
    private static final int COLUMN_BLOCK = 512;

    private Gemm() {}

    /**
     * {@code c[i][j] = c[i][j] + a[i][0] b[0][j] + a[i][1] b[1][j] + ...}, left to right in {@code float}.
     *
     * @param a {@code M} rows of at least {@code K} values
     * @param b {@code K} rows of {@code N} values
     * @param c {@code M} rows of {@code N} values, holding each output's initial value (zero or bias)
     */
    static void accumulate(float[][] a, float[][] b, float[][] c) {
        int m = c.length;
        int k = b.length;
        int n = m == 0 ? 0 : c[0].length;
        for (int n0 = 0; n0 < n; n0 += COLUMN_BLOCK) {
            int n1 = Math.min(n, n0 + COLUMN_BLOCK);
            int i = 0;
            // Four rows at a time share each load of a B row; one array per row so C2 vectorises over j.
            for (; i + 4 <= m; i += 4) {
                fourRows(a, b, c, i, k, n0, n1);
            }
            for (; i < m; i++) {
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
    static float[][] initialRows(int rows, int cols, float[] init) {
        float[][] c = new float[rows][];
        for (int i = 0; i < rows; i++) {
            c[i] = init == null ? new float[cols] : init.clone();
        }
        return c;
    }

    /** The {@code rows x cols} row-major block of {@code flat} starting at {@code offset}, one array per row. */
    static float[][] rows(float[] flat, int offset, int rows, int cols) {
        float[][] r = new float[rows][];
        for (int i = 0; i < rows; i++) {
            int from = offset + i * cols;
            r[i] = java.util.Arrays.copyOfRange(flat, from, from + cols);
        }
        return r;
    }

    /** The transpose of the {@code rows x cols} row-major block of {@code flat} at {@code offset}: {@code cols} rows of {@code rows}. */
    static float[][] transposedRows(float[] flat, int offset, int rows, int cols) {
        float[][] t = new float[cols][rows];
        for (int i = 0; i < rows; i++) {
            int base = offset + i * cols;
            for (int j = 0; j < cols; j++) {
                t[j][i] = flat[base + j];
            }
        }
        return t;
    }

    /** Copies the rows of {@code c} into {@code flat} from {@code offset}, one after the other. */
    static void store(float[][] c, float[] flat, int offset) {
        for (float[] row : c) {
            System.arraycopy(row, 0, flat, offset, row.length);
            offset += row.length;
        }
    }
}
