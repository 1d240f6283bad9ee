package io.github.fp8sim.workloads.graph;

/**
 * The decoder's self-attention mask (Vaswani et al. 2017 section 3.2.3): scores {@code [..., Tq, Tk]}
 * with entry {@code (i, j)} set to -infinity where {@code j > i}, so position i attends to positions
 * {@code <= i} only. Input {@code scores}; output the same shape.
 */
public record CausalMask() implements Op {

    @Override
    public String kind() {
        return "causalmask";
    }
}
