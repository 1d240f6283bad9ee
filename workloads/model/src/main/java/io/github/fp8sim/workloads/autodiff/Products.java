package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.reference.Fp32Gemm;
import io.github.fp8sim.workloads.reference.Fp32Gemm.View;

/**
 * The one dot-product kernel of the backward passes: {@code C = A B} with each element summed in {@code float}
 * from +0.0 in increasing k, rounding after every product and every addition: the forward's own kernel,
 * {@link Fp32Gemm#multiply}.
 */
final class Products {

    private Products() {}

    /** {@link #multiply(View, View, int, int, int, GemmThreads)} on the calling thread. */
    static float[] multiply(View a, View b, int m, int k, int n) {
        return multiply(a, b, m, k, n, GemmThreads.SERIAL);
    }

    /**
     * The {@code m x n} row-major product of {@code a (m x k)} and {@code b (k x n)}:
     * {@code c[i][j] = ((+0 + a(i,0) b(0,j)) + a(i,1) b(1,j)) + ...} in {@code float}, the rows of c (or of its
     * transpose) shared by {@code threads}: the same bits for every thread count.
     */
    static float[] multiply(View a, View b, int m, int k, int n, GemmThreads threads) {
        return Fp32Gemm.multiply(a, b, m, k, n, null, threads);
    }
}
