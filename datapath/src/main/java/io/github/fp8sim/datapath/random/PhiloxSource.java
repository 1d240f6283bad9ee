package io.github.fp8sim.datapath.random;

/**
 * Counter-based random bits: a Philox-4x32-10 output keyed by the seed at counter
 * (element, step, tensor), independent of draw order and thread scheduling.
 *
 * <p>Contract (RTL and other simulators reproduce it). For element index {@code i} (a 64-bit value
 * read as unsigned) and r random bits:
 * <pre>{@code
 * key     k0 = (int) seed,              k1 = (int) (seed >>> 32)
 * counter c0 = (int) (i >>> 2),         c1 = (int) (i >>> 34),
 *         c2 = (int) step,              c3 = tensor
 * word    = Philox4x32.block(c0, c1, c2, c3, k0, k1)[(int) (i & 3)]
 * bits    = word >>> (32 - r)           (the top r bits, unsigned shift)
 * }</pre>
 * Four consecutive elements share one block. The lane argument of {@link #nextBits} is ignored;
 * {@link #lanes()} only reports the configured lane count. Only the low 32 bits of {@code step}
 * enter the counter.
 *
 * <p>Immutable and thread-safe: nothing is cached, each draw recomputes its block (10 rounds) and
 * allocates nothing.
 */
public final class PhiloxSource implements RandomSource {

    private final long seed;
    private final int tensor;
    private final long step;
    private final int lanes;
    private final int k0;
    private final int k1;
    private final int c2;

    /**
     * Creates a source.
     *
     * @param seed the machine seed (the Philox key)
     * @param tensor tensor id (counter word 3)
     * @param step training step (its low 32 bits are counter word 2)
     * @param lanes lane count reported by {@link #lanes()}, {@code >= 1}
     * @throws IllegalArgumentException if lanes {@code < 1}
     */
    public PhiloxSource(long seed, int tensor, long step, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a random source needs at least 1 lane, got " + lanes);
        }
        this.seed = seed;
        this.tensor = tensor;
        this.step = step;
        this.lanes = lanes;
        this.k0 = (int) seed;
        this.k1 = (int) (seed >>> 32);
        this.c2 = (int) step;
    }

    /**
     * A source with the same seed and lanes for another tensor and step.
     *
     * @param tensor tensor id
     * @param step training step
     * @return a new source
     */
    public PhiloxSource withStream(int tensor, long step) {
        return new PhiloxSource(seed, tensor, step, lanes);
    }

    /**
     * The top r bits of output word {@code element & 3} of the block at counter
     * {@code (element >>> 2, step, tensor)}; {@code lane} is ignored.
     *
     * @throws IllegalArgumentException if r is outside 1..31
     */
    @Override
    public int nextBits(int lane, long element, int r) {
        if (r < 1 || r > 31) {
            throw new IllegalArgumentException("random bit count must be in 1..31, got " + r);
        }
        long blockIndex = element >>> 2;
        int word = Philox4x32.word(
                (int) blockIndex, (int) (blockIndex >>> 32), c2, tensor, k0, k1, (int) element & 3);
        return word >>> (32 - r);
    }

    @Override
    public int lanes() {
        return lanes;
    }

    /**
     * The tensor id of this stream.
     *
     * @return counter word 3
     */
    public int tensor() {
        return tensor;
    }

    /**
     * The step of this stream.
     *
     * @return the step as given (only its low 32 bits are used)
     */
    public long step() {
        return step;
    }
}
