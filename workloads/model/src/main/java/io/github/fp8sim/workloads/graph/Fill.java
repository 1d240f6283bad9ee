package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.Objects;

/** A tensor of {@code shape} with every element {@code value} (an LSTM's zero initial state). No inputs. */
public record Fill(TensorShape shape, double value) implements Op {

    public Fill {
        Objects.requireNonNull(shape, "shape");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
    }

    /** Zeros of {@code shape}. */
    public static Fill zeros(TensorShape shape) {
        return new Fill(shape, 0.0);
    }

    @Override
    public String kind() {
        return "fill";
    }
}
