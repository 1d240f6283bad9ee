package io.github.fp8sim.datapath.random;

/**
 * The hardware random-bit model: one independent {@link GaloisLfsr} per SR lane.
 *
 * <p>Lane {@code i} starts from {@link SplitMix64#laneSeed(long, int) SplitMix64.laneSeed(seed, i)}
 * masked to the register width, a zero state replaced by 1 (by {@link GaloisLfsr}'s constructor).
 * A draw {@code nextBits(lane, element, r)} is {@code lfsr[lane].nextBits(r)}: the lane's next r
 * output bits, first most significant; {@code element} is ignored.
 *
 * <p>Mutable and not thread-safe; nothing is allocated per draw.
 */
public final class LfsrBank implements RandomSource {

    private final GaloisLfsr[] lfsrs;

    /**
     * Creates a bank of 32-bit registers with taps 32,22,2,1 (the defaults of {@link GaloisLfsr}).
     *
     * @param lanes number of lanes, {@code >= 1}
     * @param seed the machine seed
     * @throws IllegalArgumentException if lanes {@code < 1}
     */
    public LfsrBank(int lanes, long seed) {
        this(lanes, GaloisLfsr.DEFAULT_WIDTH, GaloisLfsr.defaultTaps(), seed);
    }

    /**
     * Creates a bank.
     *
     * @param lanes number of lanes, {@code >= 1}
     * @param width register width in bits, 2..64
     * @param taps XAPP052 tap positions, see {@link GaloisLfsr#tapMask(int, int[])}
     * @param seed the machine seed
     * @throws IllegalArgumentException if lanes {@code < 1} or width/taps are invalid
     */
    public LfsrBank(int lanes, int width, int[] taps, long seed) {
        if (lanes < 1) {
            throw new IllegalArgumentException("an LFSR bank needs at least 1 lane, got " + lanes);
        }
        lfsrs = new GaloisLfsr[lanes];
        GaloisLfsr first = new GaloisLfsr(width, taps, SplitMix64.laneSeed(seed, 0));
        lfsrs[0] = first;
        for (int i = 1; i < lanes; i++) {
            // Same shape: all lanes share one set of read-only jump tables.
            lfsrs[i] = new GaloisLfsr(first, SplitMix64.laneSeed(seed, i));
        }
    }

    /**
     * Draws the next r bits of lane {@code lane}'s register; {@code element} is ignored.
     *
     * @throws IllegalArgumentException if lane is outside [0, lanes()) or r outside 1..31
     */
    @Override
    public int nextBits(int lane, long element, int r) {
        if (lane < 0 || lane >= lfsrs.length) {
            throw new IllegalArgumentException(
                    "SR lane " + lane + " is out of range for an LFSR bank of " + lfsrs.length + " lanes");
        }
        return lfsrs[lane].nextBits(r);
    }

    @Override
    public int lanes() {
        return lfsrs.length;
    }

    /**
     * The current state of one lane's register, for tracing and checkpoints.
     *
     * @param lane lane index in [0, lanes())
     * @return the register state (never zero)
     * @throws IllegalArgumentException if lane is out of range
     */
    public long laneState(int lane) {
        if (lane < 0 || lane >= lfsrs.length) {
            throw new IllegalArgumentException(
                    "SR lane " + lane + " is out of range for an LFSR bank of " + lfsrs.length + " lanes");
        }
        return lfsrs[lane].state();
    }
}
