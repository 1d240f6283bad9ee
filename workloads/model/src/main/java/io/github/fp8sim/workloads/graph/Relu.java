package io.github.fp8sim.workloads.graph;

/** Elementwise {@code max(x, 0)}. Input {@code x}; output the shape of {@code x}. */
public record Relu() implements Op {

    @Override
    public String kind() {
        return "relu";
    }
}
