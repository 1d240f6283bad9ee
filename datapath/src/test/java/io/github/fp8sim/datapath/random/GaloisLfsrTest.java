package io.github.fp8sim.datapath.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GaloisLfsrTest {

    /** Maximal-length taps for widths 2..20 from Xilinx XAPP052 table 3. */
    private static final int[][] XAPP052 = {
        {2, 1}, {3, 2}, {4, 3}, {5, 3}, {6, 5}, {7, 6}, {8, 6, 5, 4}, {9, 5}, {10, 7}, {11, 9},
        {12, 6, 4, 1}, {13, 4, 3, 1}, {14, 5, 3, 1}, {15, 14}, {16, 15, 13, 4}, {17, 14}, {18, 11},
        {19, 6, 2, 1}, {20, 17},
    };

    /** One step written from the spec, independent of the class: returns {newState, outBit}. */
    private static long[] referenceStep(long state, long mask) {
        long out = state & 1;
        state >>>= 1;
        if (out == 1) {
            state ^= mask;
        }
        return new long[] {state, out};
    }

    @Test
    void tapMaskOfDefaultTaps() {
        // Taps 32,22,2,1 -> bits 31, 21, 1, 0.
        assertEquals(0x80200003L, GaloisLfsr.tapMask(32, new int[] {32, 22, 2, 1}));
        assertEquals(0x80200003L, new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 1).tapMask());
        // The 16-bit Galois example of the Wikipedia LFSR article: taps 16,14,13,11 -> 0xB400.
        assertEquals(0xB400L, GaloisLfsr.tapMask(16, new int[] {16, 14, 13, 11}));
        assertEquals(0x8000000000000001L, GaloisLfsr.tapMask(64, new int[] {1, 64}));
        assertEquals(32, GaloisLfsr.DEFAULT_WIDTH);
        assertArrayEquals(new int[] {32, 22, 2, 1}, GaloisLfsr.defaultTaps());
    }

    @Test
    void badWidthsAndTapsAreRejectedWithMessages() {
        assertMessage("LFSR width must be in 2..64, got 1", () -> GaloisLfsr.tapMask(1, new int[] {1}));
        assertMessage("LFSR width must be in 2..64, got 65",
                () -> GaloisLfsr.tapMask(65, new int[] {65, 1}));
        assertMessage("LFSR taps must be a non-empty list, e.g. 32,22,2,1",
                () -> GaloisLfsr.tapMask(8, new int[0]));
        assertMessage("LFSR taps must be a non-empty list, e.g. 32,22,2,1",
                () -> GaloisLfsr.tapMask(8, null));
        assertMessage("LFSR tap 0 is outside 1..8 for width 8 (taps [8, 0])",
                () -> GaloisLfsr.tapMask(8, new int[] {8, 0}));
        assertMessage("LFSR tap 9 is outside 1..8 for width 8 (taps [9, 8])",
                () -> GaloisLfsr.tapMask(8, new int[] {9, 8}));
        assertMessage("LFSR tap 5 is repeated (taps [8, 5, 5])",
                () -> GaloisLfsr.tapMask(8, new int[] {8, 5, 5}));
        assertMessage("the largest LFSR tap must equal the width 8, got 7 (taps [7, 5])",
                () -> GaloisLfsr.tapMask(8, new int[] {7, 5}));
        assertThrows(IllegalArgumentException.class, () -> new GaloisLfsr(8, new int[] {7, 5}, 1));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void handComputedSteps() {
        // Width 4, taps 4,3 -> mask 0b1100, state 0b0001:
        //   out 1, 0000 ^ 1100 = 1100; out 0, 0110; out 0, 0011; out 1, 0001 ^ 1100 = 1101.
        GaloisLfsr lfsr = new GaloisLfsr(4, new int[] {4, 3}, 1);
        assertEquals(0b1001, lfsr.nextBits(4));
        assertEquals(0b1101, lfsr.state());
        GaloisLfsr stepwise = new GaloisLfsr(4, new int[] {4, 3}, 1);
        int[] expected = {1, 0, 0, 1};
        for (int bit : expected) {
            assertEquals(bit, stepwise.nextBit());
        }
        assertEquals(0b1101, stepwise.state());
    }

    @Test
    void seedIsMaskedAndZeroReplacedByOne() {
        assertEquals(1L, new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 0).state());
        assertEquals(1L, new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 1L << 32).state());
        assertEquals(0x12345678L, new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 0xFFFFFFFF12345678L).state());
        assertEquals(0b101L, new GaloisLfsr(3, new int[] {3, 2}, 0b11101).state());
        assertEquals(-1L, new GaloisLfsr(64, new int[] {64, 63, 61, 60}, -1L).state());
        assertEquals(32, new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 7).width());
    }

    @Test
    void maximalTapsVisitEveryNonZeroStateOnce() {
        for (int[] taps : XAPP052) {
            int width = taps[0];
            int period = (1 << width) - 1;
            GaloisLfsr lfsr = new GaloisLfsr(width, taps, 1);
            BitSet seen = new BitSet(1 << width);
            long start = lfsr.state();
            for (int n = 0; n < period; n++) {
                int s = (int) lfsr.state();
                assertTrue(s > 0 && s <= period, "width " + width + " state " + s);
                assertFalse(seen.get(s), "width " + width + " revisits " + s + " after " + n + " steps");
                seen.set(s);
                lfsr.nextBit();
            }
            assertEquals(start, lfsr.state(), "width " + width + " back to start after 2^w-1 steps");
            assertEquals(period, seen.cardinality());
        }
    }

    @Test
    void alternativeSixteenBitTapsAreMaximal() {
        GaloisLfsr lfsr = new GaloisLfsr(16, new int[] {16, 14, 13, 11}, 0xACE1);
        long start = lfsr.state();
        int steps = 0;
        do {
            lfsr.nextBit();
            steps++;
        } while (lfsr.state() != start && steps <= 70_000);
        assertEquals(65_535, steps);
    }

    @Test
    void nonMaximalPolynomialHasShortPeriod() {
        // x^4 + x^2 + 1 = (x^2 + x + 1)^2 over GF(2): x has order 6 modulo it, so every state
        // returns within 6 steps (a maximal 4-bit register would need 15).
        for (int seed = 1; seed < 16; seed++) {
            GaloisLfsr lfsr = new GaloisLfsr(4, new int[] {4, 2}, seed);
            for (int n = 0; n < 6; n++) {
                lfsr.nextBit();
            }
            assertEquals(seed, lfsr.state(), "seed " + seed);
        }
    }

    @Test
    void mSequenceHasOneMoreOneThanZeros() {
        GaloisLfsr lfsr = new GaloisLfsr(8, new int[] {8, 6, 5, 4}, 0x5A);
        int ones = 0;
        for (int n = 0; n < 255; n++) {
            ones += lfsr.nextBit();
        }
        assertEquals(128, ones);
    }

    @Test
    void outputObeysTheTapRecurrence() {
        // Galois form with mask bits t-1 yields y[n] = XOR_t y[n - t], XAPP052's recurrence.
        int[] taps = {32, 22, 2, 1};
        GaloisLfsr lfsr = new GaloisLfsr(32, taps, 0xDEADBEEFL);
        int[] y = new int[20_000];
        for (int n = 0; n < y.length; n++) {
            y[n] = lfsr.nextBit();
        }
        for (int n = 32; n < y.length; n++) {
            int x = 0;
            for (int t : taps) {
                x ^= y[n - t];
            }
            assertEquals(x, y[n], "bit " + n);
        }
    }

    @Test
    void nextBitsIsNextBitAssembledMsbFirst() {
        GaloisLfsr a = new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 0x13579BDFL);
        GaloisLfsr b = new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 0x13579BDFL);
        Random rnd = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            int r = 1 + rnd.nextInt(31);
            int expected = 0;
            for (int i = 0; i < r; i++) {
                expected = (expected << 1) | b.nextBit();
            }
            assertEquals(expected, a.nextBits(r), "draw " + n + " r " + r);
            assertEquals(b.state(), a.state());
        }
    }

    @Test
    void tableDrivenNextBitsMatchesReferenceStepLoop() {
        Random rnd = new Random(0xF8F8F8L);
        for (int width = 2; width <= 64; width++) {
            for (int variant = 0; variant < 6; variant++) {
                int[] taps = randomTaps(rnd, width);
                long mask = 0;
                for (int t : taps) {
                    mask |= 1L << (t - 1);
                }
                long seed = rnd.nextLong();
                GaloisLfsr lfsr = new GaloisLfsr(width, taps, seed);
                long widthMask = width == 64 ? -1L : (1L << width) - 1;
                long ref = (seed & widthMask) == 0 ? 1 : seed & widthMask;
                assertEquals(ref, lfsr.state());
                for (int draw = 0; draw < 400; draw++) {
                    int r = 1 + rnd.nextInt(31);
                    int expected = 0;
                    for (int i = 0; i < r; i++) {
                        long[] step = referenceStep(ref, mask);
                        ref = step[0];
                        expected = (expected << 1) | (int) step[1];
                    }
                    int got = lfsr.nextBits(r);
                    assertEquals(expected, got,
                            "width " + width + " taps " + Arrays.toString(taps) + " draw " + draw + " r " + r);
                    assertEquals(ref, lfsr.state());
                    assertTrue(got >= 0 && got < (1L << r));
                }
            }
        }
    }

    private static int[] randomTaps(Random rnd, int width) {
        List<Integer> taps = new ArrayList<>();
        taps.add(width);
        for (int t = 1; t < width; t++) {
            if (rnd.nextInt(4) == 0) {
                taps.add(t);
            }
        }
        return taps.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void badBitCountsAreRejected() {
        GaloisLfsr lfsr = new GaloisLfsr(32, GaloisLfsr.defaultTaps(), 1);
        assertMessage("random bit count must be in 1..31, got 0", () -> lfsr.nextBits(0));
        assertMessage("random bit count must be in 1..31, got 32", () -> lfsr.nextBits(32));
        assertEquals(1L, lfsr.state(), "a rejected call does not step");
    }
}
