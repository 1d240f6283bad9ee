package io.github.fp8sim.workloads.data;

import io.github.fp8sim.datapath.random.SplitMix64;

/**
 * splitmix64.c's generator: draw {@code k} (k = 0, 1, ...) is {@code SplitMix64.mix(start + (k + 1) * GOLDEN_GAMMA)}.
 * Not thread-safe; one stream per use. Every derived value below is exact integer arithmetic or one
 * {@link StrictMath} call, so a seed gives the same values on every JVM.
 */
final class SplitMixStream {

    private long state;

    /** The stream whose state starts at {@code start}. */
    SplitMixStream(long start) {
        this.state = start;
    }

    /**
     * The stream for sub-stream {@code key} of {@code seed}: starts at {@code mix(seed + (key + 1) * GOLDEN_GAMMA)}
     * ({@link SplitMix64#laneSeed} with a long key), so different keys give unrelated streams.
     */
    static SplitMixStream keyed(long seed, long key) {
        return new SplitMixStream(SplitMix64.mix(seed + (key + 1) * SplitMix64.GOLDEN_GAMMA));
    }

    /** The next 64 random bits. */
    long nextLong() {
        state += SplitMix64.GOLDEN_GAMMA;
        return SplitMix64.mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased: rejection sampling on the top 31 bits (Java's {@code Random.nextInt} method). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        while (true) {
            int bits = (int) (nextLong() >>> 33);
            int value = bits % bound;
            if (bits - value + (bound - 1) >= 0) {
                return value;
            }
        }
    }

    /** A standard normal value: Box-Muller on two draws, cosine branch only. */
    double nextGaussian() {
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - nextDouble()));
        return r * StrictMath.cos(2.0 * StrictMath.PI * nextDouble());
    }
}
