package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.Objects;

/** A new shape for the same row-major data. Input {@code x}; output {@code shape}, with as many elements. */
public record Reshape(TensorShape shape) implements Op {

    public Reshape {
        Objects.requireNonNull(shape, "shape");
    }

    @Override
    public String kind() {
        return "reshape";
    }
}
