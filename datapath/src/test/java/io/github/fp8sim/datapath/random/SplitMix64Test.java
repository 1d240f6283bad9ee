package io.github.fp8sim.datapath.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * First outputs of Vigna's reference splitmix64.c (x += 0x9E3779B97F4A7C15, then the finalizer)
     * with state x = 0, as published in many independent test suites (e.g. xoshiro seeding tests).
     */
    private static final long[] REFERENCE_SEED0 = {
        0xE220A8397B1DCDAFL, 0x6E789E6AA1B965F4L, 0x06C45D188009454FL,
    };

    @Test
    void mixOfWeylSequenceIsReferenceSplitMix64() {
        for (int k = 0; k < REFERENCE_SEED0.length; k++) {
            assertEquals(REFERENCE_SEED0[k], SplitMix64.mix((k + 1) * GOLDEN), "output " + k);
        }
    }

    @Test
    void laneSeedsOfSeedZeroAreReferenceOutputs() {
        for (int lane = 0; lane < REFERENCE_SEED0.length; lane++) {
            assertEquals(REFERENCE_SEED0[lane], SplitMix64.laneSeed(0, lane), "lane " + lane);
        }
    }

    @Test
    void laneSeedIsTheLaneThPlusOneOutputOfTheGeneratorStartedAtSeed() {
        // The reference generator, written from splitmix64.c: the state is bumped before mixing.
        for (long seed : new long[] {1, 42, -1, 0x0123456789ABCDEFL, Long.MIN_VALUE}) {
            long x = seed;
            for (int lane = 0; lane < 100; lane++) {
                x += GOLDEN;
                long z = x;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                assertEquals(z, SplitMix64.laneSeed(seed, lane), "seed " + seed + " lane " + lane);
            }
        }
    }

    @Test
    void mixFixesZero() {
        // Every step of the finalizer maps 0 to 0.
        assertEquals(0L, SplitMix64.mix(0));
    }

    @Test
    void negativeLaneIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SplitMix64.laneSeed(0, -1));
        assertEquals("lane must be >= 0, got -1", e.getMessage());
    }
}
