package io.github.fp8sim.datapath.random;

/**
 * The Philox-4x32-10 block function: a keyed bijection of 128-bit counters.
 *
 * <p>Source: J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers: as easy
 * as 1, 2, 3", SC'11, and its reference implementation Random123 ({@code philox.h}). One round on
 * counter (R0, R1, R2, R3) with key (k0, k1), all unsigned 32-bit:
 * <pre>{@code
 * hi0:lo0 = 0xD2511F53 * R0      (full 64-bit product)
 * hi1:lo1 = 0xCD9E8D57 * R2
 * (R0, R1, R2, R3) <- (hi1 ^ R1 ^ k0, lo1, hi0 ^ R3 ^ k1, lo0)
 * }</pre>
 * Ten rounds; between consecutive rounds the key is bumped by the Weyl increments
 * {@code k0 += 0x9E3779B9, k1 += 0xBB67AE85} (modulo 2^32). Word order follows Random123's
 * {@code kat_vectors}: counter words c0..c3 and key words k0, k1 in the order listed there.
 *
 * <p>Stateless, thread-safe, allocation-free.
 */
public final class Philox4x32 {

    // Round multipliers and key increments from Salmon et al. (SC'11) / Random123 philox.h
    // (PHILOX_M4x32_0/1, PHILOX_W32_0/1; the increments are the golden ratio and sqrt(3)-1 in 0.32).
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private static final long U32 = 0xFFFFFFFFL;

    private Philox4x32() {}

    /**
     * Computes one Philox-4x32-10 block.
     *
     * @param c0 counter word 0
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3
     * @param k0 key word 0
     * @param k1 key word 1
     * @param out4 receives the 4 output words in order; length {@code >= 4}
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out4) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            // Unsigned 32x32 -> 64: both factors are < 2^32, so the product is exact in 64 bits
            // (read as unsigned); its halves are the mulhi/mullo of the paper.
            long p0 = M0 * (c0 & U32);
            long p1 = M1 * (c2 & U32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        out4[0] = c0;
        out4[1] = c1;
        out4[2] = c2;
        out4[3] = c3;
    }

    /**
     * One output word of {@link #block}, without an output array: lets an immutable source draw
     * without allocating or caching. The rounds repeat {@link #block}'s on purpose (Java cannot return
     * four ints without an array); a test keeps the two equal.
     *
     * @param index which output word, 0..3
     */
    static int word(int c0, int c1, int c2, int c3, int k0, int k1, int index) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = M0 * (c0 & U32);
            long p1 = M1 * (c2 & U32);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        return switch (index) {
            case 0 -> c0;
            case 1 -> c1;
            case 2 -> c2;
            case 3 -> c3;
            default ->
                    throw new IllegalArgumentException("Philox output word index must be 0..3, got " + index);
        };
    }
}
