package io.github.fp8sim.workloads.graph;

/**
 * Elementwise GELU (Hendrycks and Gimpel 2016): {@code x * Phi(x)} with the exact normal CDF, or its
 * tanh approximation when {@code tanhApproximation} is set. Input {@code x}; output the shape of {@code x}.
 */
public record Gelu(boolean tanhApproximation) implements Op {

    @Override
    public String kind() {
        return "gelu";
    }
}
