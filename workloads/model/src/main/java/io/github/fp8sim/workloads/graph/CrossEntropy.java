package io.github.fp8sim.workloads.graph;

/**
 * Softmax cross-entropy averaged over the rows that count. Inputs: {@code logits [N, C]} and
 * {@code labels [N]} (an {@link TensorClass#INDEX} tensor with values in {@code [0, C)}). Output: a
 * scalar of class {@link TensorClass#LOSS}.
 *
 * <p>A row whose label is {@code ignoreIndex} (a translation's padding) takes no part: it adds nothing to
 * the loss, is not counted in the mean, and its logits get a zero gradient, as PyTorch's
 * {@code cross_entropy(..., ignore_index)} defines it. The loss of a batch with no counted row is 0.
 *
 * @param ignoreIndex the label of rows left out, or {@link #NONE}
 */
public record CrossEntropy(int ignoreIndex) implements Op {

    /** No row is left out. */
    public static final int NONE = -1;

    public CrossEntropy {
        if (ignoreIndex < NONE) {
            throw new IllegalArgumentException("ignoreIndex must be a label >= 0 or NONE (-1), got " + ignoreIndex);
        }
    }

    /** Every row counts. */
    public CrossEntropy() {
        this(NONE);
    }

    @Override
    public String kind() {
        return "crossentropy";
    }
}
