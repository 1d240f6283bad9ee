package io.github.fp8sim.workloads.graph;

/**
 * Layer normalisation over the last axis (Ba et al. 2016). Inputs: {@code x [..., D]}, {@code gamma [D]},
 * {@code beta [D]}. Output: the shape of {@code x}.
 *
 * @param eps added to the variance
 */
public record LayerNorm(double eps) implements Op {

    public LayerNorm {
        Checks.positive(eps, "eps");
    }

    @Override
    public String kind() {
        return "layernorm";
    }
}
