package io.github.fp8sim.workloads.graph;

/**
 * Softmax cross-entropy averaged over the rows. Inputs: {@code logits [N, C]} and {@code labels [N]}
 * (an {@link TensorClass#INDEX} tensor with values in {@code [0, C)}). Output: a scalar of class
 * {@link TensorClass#LOSS}.
 */
public record CrossEntropy() implements Op {

    @Override
    public String kind() {
        return "crossentropy";
    }
}
