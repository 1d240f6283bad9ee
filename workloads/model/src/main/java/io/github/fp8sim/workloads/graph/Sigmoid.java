package io.github.fp8sim.workloads.graph;

/** Elementwise {@code 1 / (1 + exp(-x))}. Input {@code x}; output the shape of {@code x}. */
public record Sigmoid() implements Op {

    @Override
    public String kind() {
        return "sigmoid";
    }
}
