package io.github.fp8sim.workloads.graph;

/** Elementwise {@code tanh(x)}. Input {@code x}; output the shape of {@code x}. */
public record Tanh() implements Op {

    @Override
    public String kind() {
        return "tanh";
    }
}
