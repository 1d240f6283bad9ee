package io.github.fp8sim.datapath.mac;

/**
 * SCALE-Sim's compute-cycle model of a GEMM on an R x C array (ARCHITECTURE.md section 4), reported
 * beside the machine model's cycles so results cross-check with SCALE-Sim. For C (M x N) = A (M x K)
 * times B (K x N):
 * <pre>
 *   os: folds = ceil(M/R) * ceil(N/C), cycles per fold = K + R + C - 2
 *   ws: folds = ceil(K/R) * ceil(N/C), cycles per fold = M + 2R + C - 2
 *   is: folds = ceil(K/R) * ceil(M/C), cycles per fold = N + 2R + C - 2   (ws with M and N exchanged)
 *   compute cycles = folds * cycles per fold - 1
 * </pre>
 * Worked example, a 16x16 array and M = N = K = 64:
 * <pre>
 *   os: folds = 4 * 4 = 16, per fold 64 + 16 + 16 - 2 =  94, cycles = 16 *  94 - 1 = 1503
 *   ws: folds = 4 * 4 = 16, per fold 64 + 32 + 16 - 2 = 110, cycles = 16 * 110 - 1 = 1759
 *   is: the same as ws here, since M = N.
 * </pre>
 * A GEMM with an empty dimension (M, N or K = 0) has no folds and takes 0 cycles (the closed forms
 * alone would still count the fill and drain of folds along the other dimensions).
 */
public final class FoldModel {

    private FoldModel() {
    }

    /**
     * Number of folds: how many times the array is loaded with a new tile of the mapped operands.
     *
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static long folds(ArrayDataflow dataflow, ArrayShape shape, int m, int n, int k) {
        checkDims(m, n, k);
        if (m == 0 || n == 0 || k == 0) {
            return 0;                            // nothing to map; the closed forms would count idle folds
        }
        int r = shape.rows();
        int c = shape.cols();
        return switch (dataflow) {
            case OS -> ceilDiv(m, r) * ceilDiv(n, c);
            case WS -> ceilDiv(k, r) * ceilDiv(n, c);
            case IS -> ceilDiv(k, r) * ceilDiv(m, c);
        };
    }

    /** Cycles of one fold: the streamed dimension plus the array's fill and drain. */
    public static long cyclesPerFold(ArrayDataflow dataflow, ArrayShape shape, int m, int n, int k) {
        checkDims(m, n, k);
        long r = shape.rows();
        long c = shape.cols();
        return switch (dataflow) {
            case OS -> k + r + c - 2;
            case WS -> m + 2 * r + c - 2;
            case IS -> n + 2 * r + c - 2;
        };
    }

    /** SCALE-Sim compute cycles, {@code folds * cyclesPerFold - 1}; 0 for an empty GEMM. */
    public static long computeCycles(ArrayDataflow dataflow, ArrayShape shape, int m, int n, int k) {
        long folds = folds(dataflow, shape, m, n, k);
        if (folds == 0) {
            return 0;
        }
        return folds * cyclesPerFold(dataflow, shape, m, n, k) - 1;
    }

    private static long ceilDiv(int x, int y) {
        return (x + (long) y - 1) / y;
    }

    private static void checkDims(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM dimensions must be >= 0, got M=" + m + " N=" + n + " K=" + k);
        }
    }
}
