package io.github.fp8sim.workloads.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded Fisher-Yates shuffles (Durstenfeld's version, Knuth TAOCP vol. 2, algorithm 3.4.2 P): for
 * {@code i = n-1} down to 1, swap element {@code i} with element {@code j}, {@code j} uniform in
 * {@code [0, i]} drawn without bias from the SplitMix64 stream that starts at {@code seed}. The same seed
 * gives the same order on every machine; a training loop shuffling per epoch can pass {@code seed + epoch}.
 */
public final class Shuffle {

    private Shuffle() {}

    /** A permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplitMixStream random = new SplitMixStream(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A new list holding {@code items} in the order of {@link #permutation(int, long)}. */
    public static <T> List<T> shuffled(List<T> items, long seed) {
        int[] p = permutation(items.size(), seed);
        List<T> out = new ArrayList<>(items.size());
        for (int i : p) {
            out.add(items.get(i));
        }
        return out;
    }
}
