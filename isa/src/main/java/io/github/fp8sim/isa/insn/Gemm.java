package io.github.fp8sim.isa.insn;

/**
 * {@code gemm}: C (M x N, FP32 in the accumulator SRAM) = initial C + A (M x K) x B (K x N), with A and B
 * FP8 codes in the scratchpad, row-major. Products are exact in FP32; the accumulation order is set by
 * {@code dataflow} (ARCHITECTURE.md section 2). Leading dimensions are in elements, addresses in bytes.
 *
 * <p>Initial C: +0 ({@code accumulate} and {@code preload} false), C's own contents ({@code accumulate}),
 * or the M x N FP32 block at {@code preloadAddr} with leading dimension {@code ldc} ({@code preload}, e.g.
 * a bias). The two flags exclude each other, and {@code preloadAddr} is 0 unless {@code preload}.
 *
 * @param cAddr       C in ACC (32 bits)
 * @param aAddr       A in SPAD (32 bits)
 * @param bAddr       B in SPAD (32 bits)
 * @param m           rows of A and C (16 bits)
 * @param n           columns of B and C (16 bits)
 * @param k           columns of A, rows of B (16 bits)
 * @param lda         elements between rows of A (16 bits)
 * @param ldb         elements between rows of B (16 bits)
 * @param ldc         elements between rows of C and of the preload block (16 bits)
 * @param dataflow    array mapping, which fixes the accumulation order
 * @param aFormat     format of A's codes: an 8-bit format
 * @param bFormat     format of B's codes: an 8-bit format
 * @param accumulate  start from C's contents
 * @param preload     start from the block at {@code preloadAddr}
 * @param preloadAddr the preload block in ACC (32 bits), 0 unless {@code preload}
 */
public record Gemm(long cAddr, long aAddr, long bAddr, int m, int n, int k, int lda, int ldb, int ldc,
        Dataflow dataflow, NumFormat aFormat, NumFormat bFormat, boolean accumulate, boolean preload,
        long preloadAddr) implements Instruction {

    /** Range-checks every field; IllegalArgumentException names the first bad one. */
    public Gemm {
        Check.unsigned("Gemm.cAddr", cAddr, Widths.LOCAL_ADDR);
        Check.unsigned("Gemm.aAddr", aAddr, Widths.LOCAL_ADDR);
        Check.unsigned("Gemm.bAddr", bAddr, Widths.LOCAL_ADDR);
        Check.unsigned("Gemm.m", m, Widths.DIM);
        Check.unsigned("Gemm.n", n, Widths.DIM);
        Check.unsigned("Gemm.k", k, Widths.DIM);
        Check.unsigned("Gemm.lda", lda, Widths.DIM);
        Check.unsigned("Gemm.ldb", ldb, Widths.DIM);
        Check.unsigned("Gemm.ldc", ldc, Widths.DIM);
        Check.present("Gemm.dataflow", dataflow);
        fp8("Gemm.aFormat", aFormat);
        fp8("Gemm.bFormat", bFormat);
        if (accumulate && preload) {
            throw new IllegalArgumentException("Gemm.accumulate and Gemm.preload are both true (at most one may be)");
        }
        Check.unsigned("Gemm.preloadAddr", preloadAddr, Widths.LOCAL_ADDR);
        if (!preload) {
            Check.unused("Gemm.preloadAddr", preloadAddr, "when preload is false");
        }
    }

    private static void fp8(String field, NumFormat format) {
        Check.present(field, format);
        if (!format.isFp8()) {
            throw new IllegalArgumentException(field + " = " + format
                    + " is not allowed (the MAC array takes E5M2, E4M3, E5M2FNUZ or E4M3FNUZ)");
        }
    }
}
