package io.github.fp8sim.datapath.random;

/**
 * The SplitMix64 finalizer and the per-lane seed derivation built on it.
 *
 * <p>Source: S. Vigna, {@code splitmix64.c} (2015, public domain), the fixed-increment version of
 * Java 8's {@code SplittableRandom} (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014). The reference generator is
 * <pre>{@code
 * x += 0x9E3779B97F4A7C15;                      // golden-ratio Weyl increment
 * z = x;
 * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9;
 * z = (z ^ (z >>> 27)) * 0x94D049BB133111EB;
 * return z ^ (z >>> 31);
 * }</pre>
 *
 * <p>Both methods are part of the configuration-file contract: an RTL team seeding its LFSR bank
 * from the same machine seed must reproduce them bit for bit. All arithmetic is 64-bit modulo 2^64,
 * shifts are logical.
 */
public final class SplitMix64 {

    /** Weyl increment of splitmix64.c: 2^64 / golden ratio, rounded to odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {}

    /**
     * The SplitMix64 output function (finalizer), exactly:
     * <pre>{@code
     * z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
     * z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
     * return z ^ (z >>> 31);
     * }</pre>
     * It is a bijection on 64-bit values; {@code mix(0) == 0}.
     *
     * @param z any 64-bit value
     * @return the mixed value
     */
    public static long mix(long z) {
        // Constants from splitmix64.c (Vigna), the "Mix13" variant of Stafford's MurmurHash3 finalizer.
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The seed of SR lane {@code lane} derived from the machine seed, exactly
     * {@code mix(seed + (lane + 1) * 0x9E3779B97F4A7C15L)} computed modulo 2^64.
     *
     * <p>Equivalently: the ({@code lane}+1)-th output of the reference splitmix64 generator whose
     * state starts at {@code seed} (lane 0 gets the first output). The value is not made non-zero
     * here; a consumer that cannot use zero (an LFSR) replaces it itself.
     *
     * @param seed the machine seed
     * @param lane the lane index, {@code >= 0}
     * @return the lane's 64-bit seed
     * @throws IllegalArgumentException if {@code lane < 0}
     */
    public static long laneSeed(long seed, int lane) {
        if (lane < 0) {
            throw new IllegalArgumentException("lane must be >= 0, got " + lane);
        }
        // lane + 1L: widen before adding so lane = Integer.MAX_VALUE does not wrap.
        return mix(seed + (lane + 1L) * GOLDEN_GAMMA);
    }
}
