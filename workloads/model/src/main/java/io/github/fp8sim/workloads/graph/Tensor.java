package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.Objects;
import java.util.Optional;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * A tensor of a {@link Graph}: an id (its index in {@link Graph#tensors()}), a name unique in the graph,
 * a shape and a class.
 *
 * @param id        the index in the graph's tensor table
 * @param name      unique in the graph; parameters use PyTorch state-dict names ({@code layer1.0.conv1.weight})
 * @param shape     the dimensions
 * @param tensorClass what the tensor holds; the compiler picks format and rounding from it
 * @param format    a number format fixed for this tensor, or {@code null} to let the compiler's
 *                  per-class configuration choose (the usual case)
 */
public record Tensor(int id, String name, TensorShape shape, TensorClass tensorClass, FloatFormat format) {

    public Tensor {
        if (id < 0) {
            throw new IllegalArgumentException("tensor id must be >= 0, got " + id);
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(tensorClass, "tensorClass");
    }

    /** The fixed format, if this tensor has one. */
    public Optional<FloatFormat> fixedFormat() {
        return Optional.ofNullable(format);
    }

    /** The number of elements. */
    public long numel() {
        return shape.numel();
    }
}
