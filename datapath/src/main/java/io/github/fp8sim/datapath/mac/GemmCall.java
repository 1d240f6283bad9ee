package io.github.fp8sim.datapath.mac;

/**
 * One GEMM for the MAC array: C (m x n) = A (m x k) times B (k x n), or C += when {@code accumulate}
 * (the initial accumulator is then C's current value, else +0.0f; ARCHITECTURE.md section 2).
 */
public record GemmCall(CodeMatrix a, CodeMatrix b, Fp32Matrix c, int m, int n, int k, boolean accumulate) {

    /**
     * Checks the formats and that every element the call touches lies inside its array.
     *
     * @throws IllegalArgumentException for a negative dimension, a leading dimension shorter than its row, or
     *                                  an operand format wider than 8 bits
     * @throws IndexOutOfBoundsException for a matrix that does not fit its array
     */
    public GemmCall {
        GemmArgs.checkFormat("A", a.format());
        GemmArgs.checkFormat("B", b.format());
        GemmArgs.check(a.codes().length, a.offset(), a.ld(), b.codes().length, b.offset(), b.ld(), c.values().length,
                c.offset(), c.ld(), m, n, k);
    }
}
