package io.github.fp8sim.workloads.graph;

/**
 * Concatenation along {@code axis}. Inputs: one or more tensors of equal rank whose dimensions agree
 * except along {@code axis}. Output: the sum of the sizes along {@code axis}.
 */
public record Concat(int axis) implements Op {

    @Override
    public String kind() {
        return "concat";
    }
}
