package io.github.fp8sim.datapath.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PhiloxSourceTest {

    @Test
    void firstBlockOfZeroKeyIsRandom123ZeroVector() {
        // Seed 0, tensor 0, step 0, elements 0..3: counter 0,0,0,0 and key 0,0, whose block is
        // 6627e8d5 e169c58d bc57ac4c 9b00dbd8 (Random123 kat_vectors); the draw is the top r bits.
        PhiloxSource src = new PhiloxSource(0, 0, 0, 1);
        int[] words = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        for (int i = 0; i < 4; i++) {
            assertEquals(words[i] >>> 1, src.nextBits(0, i, 31));
            assertEquals(words[i] >>> 24, src.nextBits(0, i, 8));
            assertEquals(words[i] >>> 31, src.nextBits(0, i, 1));
        }
        assertEquals(0x66, src.nextBits(0, 0, 8));
        assertEquals(0x9b0, src.nextBits(0, 3, 12));
    }

    @Test
    void elementBitsAreTopBitsOfTheBlockWord() {
        Random rnd = new Random(31337);
        int[] out = new int[4];
        for (int n = 0; n < 5_000; n++) {
            long seed = rnd.nextLong();
            int tensor = rnd.nextInt();
            long step = rnd.nextLong();
            long element = switch (n % 3) {
                case 0 -> rnd.nextInt(1 << 20);
                case 1 -> rnd.nextLong() >>> 20; // counter word c1 non-zero
                default -> rnd.nextLong();       // negative: read as unsigned
            };
            int r = 1 + rnd.nextInt(31);
            long block = element >>> 2;
            Philox4x32.block((int) block, (int) (block >>> 32), (int) step, tensor,
                    (int) seed, (int) (seed >>> 32), out);
            int expected = out[(int) (element & 3)] >>> (32 - r);
            PhiloxSource src = new PhiloxSource(seed, tensor, step, 4);
            assertEquals(expected, src.nextBits(n & 3, element, r), "n " + n);
            assertEquals(expected, src.nextBits(0, element, r), "lane is ignored");
        }
    }

    @Test
    void tensorsAndStepsGiveDifferentStreams() {
        PhiloxSource base = new PhiloxSource(2024, 1, 10, 8);
        PhiloxSource[] others = {
            base.withStream(2, 10), base.withStream(1, 11), base.withStream(1, 10 + (1L << 32) + 1),
            new PhiloxSource(2025, 1, 10, 8),
        };
        for (PhiloxSource other : others) {
            int same = 0;
            for (long i = 0; i < 64; i++) {
                same += base.nextBits(0, i, 31) == other.nextBits(0, i, 31) ? 1 : 0;
            }
            assertEquals(0, same, "tensor " + other.tensor() + " step " + other.step());
        }
        PhiloxSource again = base.withStream(1, 10);
        for (long i = 0; i < 64; i++) {
            assertEquals(base.nextBits(0, i, 31), again.nextBits(3, i, 31));
        }
        assertEquals(8, again.lanes());
        assertEquals(1, again.tensor());
        assertEquals(10, again.step());
        assertNotEquals(base.nextBits(0, 0, 31), base.nextBits(0, 1, 31));
    }

    @Test
    void resultsAreInRange() {
        PhiloxSource src = new PhiloxSource(-7, 3, 5, 1);
        for (int r : new int[] {1, 8, 13, 16, 31}) {
            int max = 0;
            for (long i = 0; i < 20_000; i++) {
                int v = src.nextBits(0, i, r);
                assertTrue(v >= 0 && v < (1L << r), "r " + r + " value " + v);
                max = Math.max(max, v);
            }
            // The top bit of the range is reached (each r-bit draw has its top bit set half the time).
            assertTrue(max >= 1 << (r - 1), "r " + r);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        PhiloxSource src = new PhiloxSource(1, 0, 0, 2);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> src.nextBits(0, 0, 0));
        assertEquals("random bit count must be in 1..31, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> src.nextBits(0, 0, 32));
        e = assertThrows(IllegalArgumentException.class, () -> new PhiloxSource(1, 0, 0, 0));
        assertEquals("a random source needs at least 1 lane, got 0", e.getMessage());
    }
}
