package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ShuffleTest {

    @Test
    void aPermutationHoldsEveryIndexOnce() {
        int[] p = Shuffle.permutation(1000, 99);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, Shuffle.permutation(1000, 99), "same seed, same order");
        assertFalse(Arrays.equals(p, Shuffle.permutation(1000, 100)), "another seed, another order");
        assertEquals(0, Shuffle.permutation(0, 1).length);
        assertArrayEquals(new int[] {0}, Shuffle.permutation(1, 1));
    }

    @Test
    void shuffledListsFollowThePermutation() {
        List<String> items = List.of("a", "b", "c", "d", "e");
        int[] p = Shuffle.permutation(5, 3);
        List<String> s = Shuffle.shuffled(items, 3);
        for (int i = 0; i < 5; i++) {
            assertEquals(items.get(p[i]), s.get(i));
        }
    }

    /**
     * All 3! = 6 orders of three items are equally likely: over 60,000 seeds each is expected 10,000 times.
     * Pearson's chi-square with 5 degrees of freedom exceeds 20.5 with probability 0.001.
     */
    @Test
    void everyOrderIsEquallyLikely() {
        Map<String, Integer> counts = new HashMap<>();
        int seeds = 60_000;
        for (int seed = 0; seed < seeds; seed++) {
            counts.merge(Arrays.toString(Shuffle.permutation(3, seed)), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        double chi2 = 0;
        for (int k : counts.values()) {
            chi2 += (k - 10_000.0) * (k - 10_000.0) / 10_000.0;
        }
        assertTrue(chi2 < 20.5, "chi-square " + chi2 + " for " + counts);
    }
}
