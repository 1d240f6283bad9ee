package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.FloatFormat;

/** Argument checks shared by {@link MacArray} and {@link ReferenceGemm}: every access is inside its array. */
final class GemmArgs {

    private GemmArgs() {
    }

    static void check(int aLength, int aOff, int lda, int bLength, int bOff, int ldb, int cLength, int cOff, int ldc,
                      int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM dimensions must be >= 0, got M=" + m + " N=" + n + " K=" + k);
        }
        checkMatrix("A", aLength, aOff, lda, m, k);
        checkMatrix("B", bLength, bOff, ldb, k, n);
        checkMatrix("C", cLength, cOff, ldc, m, n);
    }

    static void checkFormat(String operand, FloatFormat format) {
        if (format.totalBits() > 8) {
            throw new IllegalArgumentException("operand " + operand + " format " + format.name() + " has "
                    + format.totalBits() + " bits; the MAC array takes 8-bit (or narrower) codes");
        }
    }

    /** A rows x cols row-major matrix at {@code off} with leading dimension {@code ld} fits in {@code length}. */
    private static void checkMatrix(String name, int length, int off, int ld, int rows, int cols) {
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is smaller than its "
                    + cols + " columns");
        }
        if (off < 0) {
            throw new IndexOutOfBoundsException(name + ": offset " + off + " is negative");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (last >= length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "x" + cols + " at offset " + off + " with ld "
                    + ld + " ends at index " + last + ", past the array's " + length + " elements");
        }
    }
}
