package io.github.fp8sim.workloads.graph;

/** Softmax along {@code axis}. Input {@code x}; output the shape of {@code x}. */
public record Softmax(int axis) implements Op {

    @Override
    public String kind() {
        return "softmax";
    }
}
