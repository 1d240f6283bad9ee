package io.github.fp8sim.workloads.reference;

/** Integer indices held in float tensors ({@link io.github.fp8sim.workloads.graph.TensorClass#INDEX}). */
final class Indices {

    private Indices() {}

    /**
     * {@code value} as an index into {@code [0, size)}.
     *
     * @throws IllegalArgumentException naming {@code what} if it is not an integer in that range
     */
    static int index(float value, int size, String what) {
        if (!(value >= 0 && value < size) || value != Math.rint(value)) {
            throw new IllegalArgumentException(what + " is " + value + ", not an integer in [0, " + size + ")");
        }
        return (int) value;
    }
}
