package io.github.fp8sim.workloads.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (row-major, as PyTorch lays them out: images are
 * {@code [N, C, H, W]}, sequences {@code [B, T, D]}). Rank 0 is a scalar with one element.
 *
 * @param dims the dimensions, each {@code >= 1}; the array is copied in and out
 */
public record TensorShape(int[] dims) {

    /** A scalar (rank 0, one element), e.g. a mean loss. */
    public static final TensorShape SCALAR = new TensorShape(new int[0]);

    public TensorShape {
        dims = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1) {
                throw new IllegalArgumentException("dimension " + i + " must be >= 1, got " + Arrays.toString(dims));
            }
        }
    }

    /** The shape with these dimensions. */
    public static TensorShape of(int... dims) {
        return new TensorShape(dims);
    }

    /** A copy of the dimensions. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; a negative axis counts from the end ({@code -1} is the last). */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** The number of elements (1 for a scalar); long because activations of a batch can pass 2^31. */
    public long numel() {
        long n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * The axis in {@code [0, rank)} that {@code axis} names; a negative axis counts from the end.
     *
     * @throws IllegalArgumentException if the axis is out of range for this rank
     */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** This shape with dimension {@code axis} replaced by {@code size}. */
    public TensorShape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = size;
        return new TensorShape(d);
    }

    /** The product of the dimensions before {@code axis} (1 if none). */
    public long numelBefore(int axis) {
        long n = 1;
        for (int i = 0; i < normalizeAxis(axis); i++) {
            n *= dims[i];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [1, 3, 224, 224]}; a scalar is {@code []}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
