package io.github.fp8sim.traces.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Determinism, edge coverage and the LFSR form of sr vectors. */
class VectorGeneratorTest {

    static VectorSpec spec(VectorUnit unit, String format, long seed, int count) {
        FloatFormat f = FloatFormat.parse(format);
        return new VectorSpec(unit, f, f, Rounding.RNE, Overflow.SATURATE, NanPolicy.MLDTYPES, 8, count, seed, 8,
                ArrayDataflow.WS, 4);
    }

    @ParameterizedTest
    @EnumSource(VectorUnit.class)
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedChangesOnlyTheRandomPart(VectorUnit unit, @TempDir Path dir)
            throws Exception {
        VectorTable t1 = VectorGenerator.generate(spec(unit, "e4m3", 7, 2000));
        Path p1 = dir.resolve("a.csv");
        Path p2 = dir.resolve("b.csv");
        t1.write(p1);
        VectorGenerator.generate(spec(unit, "e4m3", 7, 2000)).write(p2);
        assertTrue(Files.mismatch(p1, p2) == -1, "same seed, same bytes");
        VectorTable t3 = VectorGenerator.generate(spec(unit, "e4m3", 8, 2000));
        assertEquals(t1.edgeCount(), t3.edgeCount());
        assertTrue(t1.edgeCount() > 0 && t1.edgeCount() < 2000, "edges " + t1.edgeCount());
        assertEquals(2000, t1.rows().size());
        if (unit == VectorUnit.SR) {
            // The sr unit's random bits come from the seed too: only its inputs are the same edge cases.
            for (int i = 0; i < t1.edgeCount(); i++) {
                assertEquals(t1.get(i, "f32_hex"), t3.get(i, "f32_hex"));
            }
        } else {
            assertEquals(t1.rows().subList(0, t1.edgeCount()), t3.rows().subList(0, t3.edgeCount()), "same edge part");
        }
        int differ = 0;
        for (int i = t1.edgeCount(); i < 2000; i++) {
            if (!t1.rows().get(i).equals(t3.rows().get(i))) {
                differ++;
            }
        }
        assertTrue(differ > (2000 - t1.edgeCount()) / 2, "random part changes with the seed: " + differ);
        assertEquals("edge", t1.get(0, "kind"));
        assertEquals("random", t1.get(1999, "kind"));
        assertEquals(VectorSpec.VERSION, t1.get(0, "version"));
    }

    @Test
    void quantizeEdgesCoverSpecialsBoundariesMidpointsAndOverflowThresholds() {
        VectorTable e4m3 = VectorGenerator.generate(spec(VectorUnit.QUANTIZE, "e4m3", 1, 0));
        VectorTable e5m2 = VectorGenerator.generate(spec(VectorUnit.QUANTIZE, "e5m2", 1, 0));
        List<String> in4 = column(e4m3, "f32_hex");
        List<String> in5 = column(e5m2, "f32_hex");
        for (String x : List.of("0x00000000", "0x80000000", "0x7F800000", "0xFF800000", "0x7FC00000", "0x7F800001",
                "0xFFA00000",
                "0x3B000000",   // e4m3 min subnormal 2^-9
                "0x3C800000",   // e4m3 min normal 2^-6
                "0x43E00000",   // 448 max finite
                "0x43E80000",   // 464: RNE overflow threshold
                "0x43E80001", "0x43E7FFFF",
                "0xC3E80000",
                "0x3F880000",   // 1.0625: midpoint between 1 and 1.125
                "0x3F87FFFF", "0x3F880001")) {
            assertTrue(in4.contains(x), "e4m3 edges lack " + x);
        }
        for (String x : List.of("0x47700000" /* 61440 */, "0x476FFFFF", "0x47700001", "0x37800000" /* 2^-16 */)) {
            assertTrue(in5.contains(x), "e5m2 edges lack " + x);
        }
        assertEquals(in4.size(), new java.util.HashSet<>(in4).size(), "no duplicate edge inputs");
        // The file says what the datapath does at the threshold.
        assertEquals("0x7E", e4m3.get(in4.indexOf("0x43E7FFFF"), "code_hex"));
        assertEquals("inexact", e4m3.get(in4.indexOf("0x43E80000"), "flags"), "464 ties to even 448 (OFP8 5.2.1)");
        assertEquals("inexact|overflow|saturated", e4m3.get(in4.indexOf("0x43E80001"), "flags"));
        assertEquals("invalid", e4m3.get(in4.indexOf("0x7F800001"), "flags"));
    }

    @Test
    void srRowsCarryTheLfsrStateTheirRandomBitsAreDrawnFrom() {
        FloatFormat f = FloatFormat.E5M2;
        for (int r : new int[] {1, 8, 13, 31}) {
            VectorTable t = VectorGenerator.generate(new VectorSpec(VectorUnit.SR, f, f, Rounding.RNE, Overflow.INF,
                    NanPolicy.MLDTYPES, r, 300, 42, 1, ArrayDataflow.OS, 1));
            for (int i = 0; i < t.rows().size(); i++) {
                assertEquals("sr", t.get(i, "rounding"));
                assertEquals(Integer.toString(r), t.get(i, "sr_bits"));
                long state = Long.parseLong(t.get(i, "lfsr_state_before").substring(2), 16);
                // A 32-bit Galois LFSR, taps 32,22,2,1, output bit = LSB, first bit most significant.
                long mask = (1L << 31) | (1L << 21) | (1L << 1) | 1L;
                int random = 0;
                for (int b = 0; b < r; b++) {
                    long out = state & 1;
                    state = (state >>> 1) ^ (mask & -out);
                    random = (random << 1) | (int) out;
                }
                assertEquals(random, Integer.parseInt(t.get(i, "random").substring(2), 16), "row " + i);
                if (i + 1 < t.rows().size()) {
                    assertEquals(state, Long.parseLong(t.get(i + 1, "lfsr_state_before").substring(2), 16),
                            "row " + (i + 1) + " starts where row " + i + " left the register");
                }
            }
        }
    }

    static List<String> column(VectorTable t, String name) {
        int c = t.header().indexOf(name);
        return t.rows().stream().map(r -> r.get(c)).toList();
    }
}
