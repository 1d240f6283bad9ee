package io.github.fp8sim.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each generator against the plain loop it replaced in the modules' tests, so their seeded cases stay the same. */
class RandomCodesTest {

    /** Finite e5m2: exponent field below all-ones. */
    private static boolean finiteE5m2(int c) {
        return (c & 0x7F) < 0x7C;
    }

    /** The distinct codes among {@code codes}. */
    private static BitSet seen(byte[] codes) {
        BitSet s = new BitSet(256);
        for (byte b : codes) {
            s.set(b & 0xFF);
        }
        return s;
    }

    @Test
    void uniformDrawsOneNextIntOf256PerTryAndKeepsWhatKeepAccepts() {
        SplittableRandom plain = new SplittableRandom(1);
        byte[] want = new byte[500];
        for (int i = 0; i < want.length; i++) {
            int c;
            do {
                c = plain.nextInt(256);
            } while (!finiteE5m2(c));
            want[i] = (byte) c;
        }
        SplittableRandom r = new SplittableRandom(1);
        assertArrayEquals(want, RandomCodes.uniform(r, 500, RandomCodesTest::finiteE5m2));
        assertEquals(plain.nextLong(), r.nextLong(), "the generator is left where the loop left it");
    }

    @Test
    void uniformReachesEveryAcceptedCodeAndNoOther() {
        assertEquals(256, seen(RandomCodes.uniform(new SplittableRandom(2), 20_000, c -> true)).cardinality(),
                "all 256 codes");
        BitSet finite = seen(RandomCodes.uniform(new SplittableRandom(3), 20_000, RandomCodesTest::finiteE5m2));
        assertEquals(248, finite.cardinality(), "the 248 finite e5m2 codes");
        for (int c = 0; c < 256; c++) {
            assertEquals(finiteE5m2(c), finite.get(c), "code 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void theSameSeedGivesTheSameCodesAndAnotherSeedOthers() {
        assertArrayEquals(RandomCodes.uniform(new SplittableRandom(7), 64, c -> true),
                RandomCodes.uniform(new SplittableRandom(7), 64, c -> true));
        assertFalse(Arrays.equals(RandomCodes.uniform(new SplittableRandom(7), 64, c -> true),
                RandomCodes.uniform(new SplittableRandom(8), 64, c -> true)));
        assertArrayEquals(RandomCodes.signed(new SplittableRandom(7), 64, 0x28, 0x58),
                RandomCodes.signed(new SplittableRandom(7), 64, 0x28, 0x58));
        assertArrayEquals(RandomCodes.masked(new Random(7), 64, 0xBF), RandomCodes.masked(new Random(7), 64, 0xBF));
    }

    @Test
    void signedDrawsTheMagnitudeThenTheSign() {
        SplittableRandom plain = new SplittableRandom(11);
        byte[] want = new byte[300];
        for (int i = 0; i < want.length; i++) {
            want[i] = (byte) (0x30 + plain.nextInt(0x28) | (plain.nextBoolean() ? 0x80 : 0));
        }
        assertArrayEquals(want, RandomCodes.signed(new SplittableRandom(11), 300, 0x30, 0x58));
    }

    @Test
    void signedCoversItsMagnitudesWithBothSigns() {
        BitSet seen = seen(RandomCodes.signed(new SplittableRandom(4), 5_000, 0x28, 0x58));
        for (int c = 0; c < 256; c++) {
            int mag = c & 0x7F;
            assertEquals(mag >= 0x28 && mag < 0x58, seen.get(c), "code 0x" + Integer.toHexString(c));
        }
        assertEquals(256, seen(RandomCodes.signed(new SplittableRandom(5), 20_000, 0, 0x80)).cardinality(),
                "magnitudes 0..0x7F of both signs are all 256 codes");
    }

    @Test
    void rangeDrawsOneNextIntPerCode() {
        SplittableRandom plain = new SplittableRandom(11);
        byte[] want = new byte[300];
        for (int i = 0; i < want.length; i++) {
            want[i] = (byte) (0x30 + plain.nextInt(0x28));
        }
        assertArrayEquals(want, RandomCodes.range(new SplittableRandom(11), 300, 0x30, 0x58));

        assertEquals(256, seen(RandomCodes.range(new SplittableRandom(6), 20_000, 0, 0x100)).cardinality(),
                "[0, 0x100) is all 256 codes");
    }

    @Test
    void maskedIsOneNextBytesAndedWithTheMask() {
        byte[] want = new byte[0x1800];
        new Random(7).nextBytes(want);
        for (int i = 0; i < want.length; i++) {
            want[i] &= (byte) 0xBF;
        }
        byte[] got = RandomCodes.masked(new Random(7), 0x1800, 0xBF);
        assertArrayEquals(want, got);
        BitSet seen = seen(got);
        assertEquals(128, seen.cardinality(), "every code with bit 6 clear, no other");
        assertTrue(seen.stream().allMatch(c -> (c & 0x40) == 0));
    }

    @Test
    void badArgumentsAreRefused() {
        SplittableRandom r = new SplittableRandom(0);
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.uniform(r, 1, c -> false), "accepts nothing");
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.uniform(r, -1, c -> true));
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.signed(r, 1, 0x10, 0x10), "empty");
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.signed(r, 1, 0x10, 0x81), "past the magnitudes");
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.range(r, 1, -1, 0x10));
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.range(r, 1, 0, 0x101));
        assertThrows(IllegalArgumentException.class, () -> RandomCodes.masked(new Random(0), 1, 0x100));
        assertEquals(0, RandomCodes.uniform(r, 0, c -> true).length);
    }
}
