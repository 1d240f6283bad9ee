package io.github.fp8sim.datapath.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LfsrBankTest {

    private static final int[] TAPS = {32, 22, 2, 1};

    @Test
    void laneSeedsAreSplitMix64LaneSeedsMaskedTo32Bits() {
        long seed = 0x5EED5EEDL;
        LfsrBank bank = new LfsrBank(16, seed);
        assertEquals(16, bank.lanes());
        for (int lane = 0; lane < 16; lane++) {
            long expected = SplitMix64.laneSeed(seed, lane) & 0xFFFFFFFFL;
            assertTrue(expected != 0, "test seed chosen so no lane seed is zero");
            assertEquals(expected, bank.laneState(lane), "lane " + lane);
        }
        // Seed 0, lane 0: the first splitmix64 output 0xE220A8397B1DCDAF keeps its low word.
        assertEquals(0x7B1DCDAFL, new LfsrBank(1, 0).laneState(0));
    }

    @Test
    void eachLaneDrawsItsOwnRegister() {
        long seed = -12345;
        LfsrBank bank = new LfsrBank(4, 32, TAPS, seed);
        GaloisLfsr[] solo = new GaloisLfsr[4];
        for (int lane = 0; lane < 4; lane++) {
            solo[lane] = new GaloisLfsr(32, TAPS, SplitMix64.laneSeed(seed, lane));
        }
        for (int n = 0; n < 2_000; n++) {
            int lane = (n * 7) % 4;
            int r = 1 + n % 31;
            assertEquals(solo[lane].nextBits(r), bank.nextBits(lane, n, r), "draw " + n);
        }
    }

    @Test
    void lanesAreIndependentAndElementIsIgnored() {
        LfsrBank busy = new LfsrBank(2, 99);
        LfsrBank quiet = new LfsrBank(2, 99);
        for (int n = 0; n < 1_000; n++) {
            busy.nextBits(0, n, 17);
        }
        for (int n = 0; n < 1_000; n++) {
            assertEquals(quiet.nextBits(1, 0, 8), busy.nextBits(1, 123_456_789L * n, 8), "draw " + n);
        }
    }

    @Test
    void zeroLaneSeedBecomesOne() {
        // With 2-bit registers a quarter of lane seeds are 0 mod 4; those lanes must start at 1.
        int[] taps = {2, 1};
        LfsrBank bank = new LfsrBank(64, 2, taps, 3);
        int zeros = 0;
        for (int lane = 0; lane < 64; lane++) {
            long low = SplitMix64.laneSeed(3, lane) & 3;
            assertEquals(low == 0 ? 1 : low, bank.laneState(lane), "lane " + lane);
            zeros += low == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0, "the case is exercised");
    }

    @Test
    void badLaneIsRejectedWithMessage() {
        LfsrBank bank = new LfsrBank(8, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> bank.nextBits(8, 0, 8));
        assertEquals("SR lane 8 is out of range for an LFSR bank of 8 lanes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bank.nextBits(-1, 0, 8));
        assertEquals("SR lane -1 is out of range for an LFSR bank of 8 lanes", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bank.laneState(8));
        e = assertThrows(IllegalArgumentException.class, () -> new LfsrBank(0, 1));
        assertEquals("an LFSR bank needs at least 1 lane, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LfsrBank(2, 8, new int[] {7}, 1));
    }
}
