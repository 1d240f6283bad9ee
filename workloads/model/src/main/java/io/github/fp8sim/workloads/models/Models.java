package io.github.fp8sim.workloads.models;

/** Checks shared by the model configurations. */
final class Models {

    private Models() {}

    static void positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        }
    }
}
