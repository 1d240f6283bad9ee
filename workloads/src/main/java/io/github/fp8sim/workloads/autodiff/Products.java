package io.github.fp8sim.workloads.autodiff;

/**
 * The one dot-product kernel of the backward passes: {@code C = A B} with each element summed in {@code float}
 * from +0.0 in increasing k, rounding after every product and every addition, as the forward's GEMM.
 */
final class Products {

    private Products() {}

    /**
     * A matrix laid over a flat array: element {@code (i, j)} is {@code data[offset + i * rowStride + j * colStride]}.
     * A transpose is the same array with the strides exchanged.
     */
    record View(float[] data, int offset, int rowStride, int colStride) {

        /** The row-major {@code rows x cols} block at {@code offset}. */
        static View rowMajor(float[] data, int offset, int cols) {
            return new View(data, offset, cols, 1);
        }

        float at(int i, int j) {
            return data[offset + i * rowStride + j * colStride];
        }

        View transposed() {
            return new View(data, offset, colStride, rowStride);
        }
    }

    /**
     * The {@code m x n} row-major product of {@code a (m x k)} and {@code b (k x n)}:
     * {@code c[i][j] = ((+0 + a(i,0) b(0,j)) + a(i,1) b(1,j)) + ...} in {@code float}.
     */
    static float[] multiply(View a, View b, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            int row = i * n;
            for (int kk = 0; kk < k; kk++) {
                float w = a.at(i, kk);
                // Every c[i][j] takes its k-th product here, after its (k-1)-th: the sum runs in increasing k.
                for (int j = 0; j < n; j++) {
                    c[row + j] += w * b.at(kk, j);
                }
            }
        }
        return c;
    }
}
