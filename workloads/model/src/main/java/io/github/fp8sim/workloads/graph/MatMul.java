package io.github.fp8sim.workloads.graph;

/**
 * Batched matrix product of two activations (attention's {@code Q K^T} and {@code P V}). Inputs:
 * {@code a [..., M, K]} ({@code [..., K, M]} when {@code transposeA}) and {@code b [..., K, N]}
 * ({@code [..., N, K]} when {@code transposeB}); the batch dimensions {@code ...} must be equal.
 * Output {@code [..., M, N]}.
 */
public record MatMul(boolean transposeA, boolean transposeB) implements Op {

    @Override
    public String kind() {
        return "matmul";
    }
}
