package io.github.fp8sim.workloads.graph;

/**
 * Multiplication by a constant (attention's {@code 1/sqrt(d_k)}, Vaswani et al. 2017 eq. 1; the embedding's
 * {@code sqrt(d_model)}, section 3.4). Input {@code x}; output the shape of {@code x}.
 */
public record Scale(double factor) implements Op {

    public Scale {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("factor must be finite, got " + factor);
        }
    }

    @Override
    public String kind() {
        return "scale";
    }
}
