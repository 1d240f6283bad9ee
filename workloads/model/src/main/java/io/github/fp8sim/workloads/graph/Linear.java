package io.github.fp8sim.workloads.graph;

/**
 * Fully connected layer {@code y = x W^T + b} over the last axis. Inputs: {@code x [..., in]},
 * {@code weight [out, in]}, and {@code bias [out]} when {@code bias} is set. Output {@code [..., out]}.
 */
public record Linear(boolean bias) implements Op {

    @Override
    public String kind() {
        return "linear";
    }
}
