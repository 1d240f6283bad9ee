package io.github.fp8sim.datapath.random;

/**
 * A source of random bits for stochastic-rounding (SR) units (ARCHITECTURE.md section 2).
 *
 * <p>An SR rounding with {@code r} random bits asks for one draw {@code R} in [0, 2^r) and rounds up
 * iff {@code F + R >= 2^r}, where F is the top r discarded bits. Every implementation is
 * deterministic from its seed.
 *
 * <p>Draw-order contract. When a tile {@code [rows x cols]} is quantized, column {@code j} uses lane
 * {@code j mod lanes()}, rows in increasing order. The caller guarantees that order; the source
 * only serves draws:
 * <ul>
 *   <li>a stateful source ({@link LfsrBank}) uses {@code lane} and ignores {@code element}: each
 *       draw consumes the lane's next r bits, so results depend on the order of draws per lane;
 *   <li>a counter-based source ({@link PhiloxSource}) uses {@code element} and ignores
 *       {@code lane}: a draw is a pure function of (seed, tensor, step, element), independent of
 *       order and thread scheduling.
 * </ul>
 */
public interface RandomSource {

    /**
     * Draws r random bits.
     *
     * @param lane the SR lane (hardware column) making the draw, in [0, lanes())
     * @param element the element's index in the tensor being rounded
     * @param r number of random bits, 1..31
     * @return an integer in [0, 2^r)
     * @throws IllegalArgumentException if r is outside 1..31, or (stateful sources) lane is out of
     *     range
     */
    int nextBits(int lane, long element, int r);

    /**
     * The number of SR lanes.
     *
     * @return lanes, {@code >= 1}
     */
    int lanes();

    /**
     * Creates a source with default parameters: for {@link RandomKind#LFSR} an {@link LfsrBank} with
     * {@link GaloisLfsr#DEFAULT_WIDTH} bits and taps 32,22,2,1; for {@link RandomKind#PHILOX} a
     * {@link PhiloxSource} for tensor 0 at step 0.
     *
     * @param kind which source
     * @param seed the machine seed
     * @param lanes number of SR lanes (array columns), {@code >= 1}
     * @return a new source
     * @throws IllegalArgumentException if lanes {@code < 1}
     * @throws NullPointerException if kind is null
     */
    static RandomSource create(RandomKind kind, long seed, int lanes) {
        return switch (kind) {
            case LFSR -> new LfsrBank(lanes, seed);
            case PHILOX -> new PhiloxSource(seed, 0, 0, lanes);
        };
    }
}
