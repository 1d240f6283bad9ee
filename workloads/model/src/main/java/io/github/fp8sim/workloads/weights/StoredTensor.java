package io.github.fp8sim.workloads.weights;

import java.util.Objects;

import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * A named tensor's values as kept in a weight file.
 *
 * @param name   the parameter's name in the graph
 * @param shape  its dimensions
 * @param values {@code shape.numel()} floats, row-major; the array is not copied
 */
public record StoredTensor(String name, TensorShape shape, float[] values) {

    public StoredTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (values.length != shape.numel()) {
            throw new IllegalArgumentException("tensor '" + name + "': " + values.length + " values for shape " + shape);
        }
    }
}
