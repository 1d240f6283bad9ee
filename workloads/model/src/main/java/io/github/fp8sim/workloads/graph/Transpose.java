package io.github.fp8sim.workloads.graph;

import java.util.List;

/**
 * Permutes the axes: output axis {@code i} is input axis {@code perm.get(i)}. Input {@code x}; output
 * of rank {@code perm.size()}.
 */
public record Transpose(List<Integer> perm) implements Op {

    public Transpose {
        perm = List.copyOf(perm);
        boolean[] seen = new boolean[perm.size()];
        for (int p : perm) {
            if (p < 0 || p >= perm.size() || seen[p]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (perm.size() - 1) + ": " + perm);
            }
            seen[p] = true;
        }
    }

    /** The permutation given as arguments. */
    public static Transpose of(Integer... perm) {
        return new Transpose(List.of(perm));
    }

    @Override
    public String kind() {
        return "transpose";
    }
}
