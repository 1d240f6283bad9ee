package io.github.fp8sim.workloads.autodiff;

/**
 * Which statistics {@link io.github.fp8sim.workloads.graph.BatchNorm} normalises with; every other op is the
 * same in both modes.
 */
public enum Phase {
    /** Batch statistics (mean and biased variance over all axes but the channel), as PyTorch's {@code train()}. */
    TRAINING,
    /** The running statistics held in the graph, as PyTorch's {@code eval()} and the reference executor. */
    INFERENCE
}
