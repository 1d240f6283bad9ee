package io.github.fp8sim.workloads.train;

/** Argument checks shared by the optimizers. */
final class StepChecks {

    private StepChecks() {
    }

    /** Checks that weights, gradient and state all have the same length. */
    static void lengths(MasterWeights weights, float[] gradient, OptimizerState state) {
        if (gradient.length != weights.length() || state.length() != weights.length()) {
            throw new IllegalArgumentException("tensor " + weights.tensorId() + " has " + weights.length()
                    + " elements, the gradient " + gradient.length + " and the optimizer state " + state.length());
        }
    }

    /** A hyperparameter that must be finite and >= 0. */
    static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    /** A decay rate in [0, 1). */
    static void decay(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }
}
