package io.github.fp8sim.datapath.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void createBuildsTheDefaultSources() {
        RandomSource lfsr = RandomSource.create(RandomKind.LFSR, 42, 16);
        assertInstanceOf(LfsrBank.class, lfsr);
        assertEquals(16, lfsr.lanes());
        LfsrBank twin = new LfsrBank(16, 32, new int[] {32, 22, 2, 1}, 42);
        for (int n = 0; n < 1_000; n++) {
            assertEquals(twin.nextBits(n % 16, n, 13), lfsr.nextBits(n % 16, n, 13));
        }

        RandomSource philox = RandomSource.create(RandomKind.PHILOX, 42, 16);
        assertInstanceOf(PhiloxSource.class, philox);
        assertEquals(16, philox.lanes());
        PhiloxSource philoxTwin = new PhiloxSource(42, 0, 0, 16);
        for (long i = 0; i < 1_000; i++) {
            assertEquals(philoxTwin.nextBits(0, i, 13), philox.nextBits(5, i, 13));
        }
        assertThrows(IllegalArgumentException.class, () -> RandomSource.create(RandomKind.LFSR, 1, 0));
    }

    @Test
    void kindNamesParseCaseInsensitively() {
        assertEquals(RandomKind.LFSR, RandomKind.parse("lfsr"));
        assertEquals(RandomKind.LFSR, RandomKind.parse("LFSR"));
        assertEquals(RandomKind.PHILOX, RandomKind.parse("Philox"));
        assertEquals("lfsr", RandomKind.LFSR.cliName());
        assertEquals("philox", RandomKind.PHILOX.cliName());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RandomKind.parse("xorshift"));
        assertEquals("unknown random source 'xorshift'; valid names: lfsr, philox", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomKind.parse(null));
        assertEquals("unknown random source null; valid names: lfsr, philox", e.getMessage());
    }

    /**
     * 2^20 draws of 8 bits, uniform on 0..255: mean 127.5, variance (256^2 - 1) / 12, so the sample
     * mean has sigma sqrt(5461.25 / 2^20) ~ 0.072. Fixed seeds make the outcome deterministic; 6 sigma
     * makes a correct source pass with overwhelming margin while a biased one (e.g. a stuck bit) fails.
     */
    @Test
    void eightBitMeansAreWithinSixSigma() {
        int n = 1 << 20;
        double sigma = Math.sqrt((65536.0 - 1) / 12 / n);
        for (RandomKind kind : RandomKind.values()) {
            RandomSource src = RandomSource.create(kind, 0xC0FFEEL, 16);
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += src.nextBits(i % 16, i, 8);
            }
            double mean = (double) sum / n;
            assertTrue(Math.abs(mean - 127.5) < 6 * sigma, kind + " mean " + mean);
        }
    }
}
