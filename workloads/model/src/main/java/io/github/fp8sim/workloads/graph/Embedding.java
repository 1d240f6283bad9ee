package io.github.fp8sim.workloads.graph;

/**
 * Table lookup. Inputs: {@code ids [...]} (an {@link TensorClass#INDEX} tensor; each value an integer in
 * {@code [0, V)}) and {@code table [V, D]}. Output {@code [..., D]}. A gather, not a MAC.
 */
public record Embedding() implements Op {

    @Override
    public String kind() {
        return "embedding";
    }
}
