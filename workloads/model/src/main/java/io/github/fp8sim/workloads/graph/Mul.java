package io.github.fp8sim.workloads.graph;

/**
 * Elementwise product of two tensors with NumPy broadcasting (as {@link Add}). Inputs {@code a},
 * {@code b}; output the broadcast shape. Not a MAC: no accumulation happens.
 */
public record Mul() implements Op {

    @Override
    public String kind() {
        return "mul";
    }
}
