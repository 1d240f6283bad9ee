package io.github.fp8sim.workloads.train;

/**
 * The FP32 state an {@link Optimizer} keeps per tensor, plus the scratch array its update is built in
 * (so a step allocates nothing). Mutable; created by {@link Optimizer#newState(int)}.
 */
public sealed interface OptimizerState permits SgdState, AdamState {

    /** Number of elements of the tensor this state belongs to. */
    int length();
}
