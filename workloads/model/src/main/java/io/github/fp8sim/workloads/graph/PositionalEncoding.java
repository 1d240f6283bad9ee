package io.github.fp8sim.workloads.graph;

/**
 * Adds the sinusoidal position signal of Vaswani et al. 2017 section 3.5:
 * {@code PE(pos, 2i) = sin(pos / 10000^(2i/D))}, {@code PE(pos, 2i+1) = cos(pos / 10000^(2i/D))}.
 * Input {@code x [B, T, D]} with D even, positions {@code 0..T-1} along axis 1; output the shape of {@code x}.
 */
public record PositionalEncoding() implements Op {

    @Override
    public String kind() {
        return "posenc";
    }
}
