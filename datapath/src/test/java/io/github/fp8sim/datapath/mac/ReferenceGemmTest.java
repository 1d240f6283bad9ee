package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.fp8sim.datapath.format.FloatFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferenceGemm} against first principles: every expected value below is worked out by hand in
 * the comments from ARCHITECTURE.md section 2 ("MAC and accumulation"), never by running code.
 * Outputs are compared as raw FP32 bits, so -0 vs +0 and NaN payloads count.
 */
class ReferenceGemmTest {

    private static final FloatFormat E5M2 = FloatFormat.E5M2;
    private static final FloatFormat E4M3 = FloatFormat.E4M3;

    // e5m2 codes: sign.eeeee.mm, bias 15.
    private static final int ONE = 0x3C;          // 0.01111.00 = 2^0
    private static final int P2_12 = 0x6C;        // 0.11011.00 = 2^(27-15) = 2^12
    private static final int NEG_P2_12 = 0xEC;    // -2^12
    private static final int NEG_ZERO = 0x80;
    private static final int INF = 0x7C;          // 0.11111.00
    private static final int NEG_INF = 0xFC;
    private static final int MIN_SUB = 0x01;      // 0.00000.01 = 2^-2 * 2^(1-15) = 2^-16
    private static final int NAN = 0x7F;          // 0.11111.11

    /** A 1 x K times K x 1 GEMM: the dot product of codes {@code row} and {@code col}, one output. */
    private static int dot(ArrayDataflow dataflow, int arrayRows, Accumulation acc, FloatFormat fa, int[] row,
                           FloatFormat fb, int[] col, float initial, boolean accumulate) {
        int k = row.length;
        byte[] a = new byte[k];
        byte[] b = new byte[k];
        for (int i = 0; i < k; i++) {
            a[i] = (byte) row[i];
            b[i] = (byte) col[i];
        }
        float[] c = {initial};
        ReferenceGemm.gemm(new ArrayShape(arrayRows, 4), dataflow, acc, new GemmCall(
                new CodeMatrix(a, 0, k, fa), new CodeMatrix(b, 0, 1, fb),
                new Fp32Matrix(c, 0, 1), 1, 1, k, accumulate));
        return Float.floatToRawIntBits(c[0]);
    }

    private static int dot(ArrayDataflow dataflow, int arrayRows, int[] row, int[] col, float initial, boolean accumulate) {
        return dot(dataflow, arrayRows, Accumulation.FP32, E5M2, row, E5M2, col, initial, accumulate);
    }

    private static int bits(float x) {
        return Float.floatToRawIntBits(x);
    }

    @Test
    void accumulationOrderMakesOsAndWsDiffer() {
        // Products, k = 0..3: 2^12*2^12 = 2^24, 1*1 = 1, 1*1 = 1, -2^12*2^12 = -2^24. K = 4 = 2R with R = 2.
        int[] row = {P2_12, ONE, ONE, NEG_P2_12};
        int[] col = {P2_12, ONE, ONE, P2_12};
        // OS: 0 + 2^24 = 2^24; 2^24 + 1 is a tie between 2^24 and 2^24 + 2 (FP32 spacing 2 there), RNE keeps
        // the even 2^24, twice; 2^24 - 2^24 = +0.
        assertEquals(bits(0.0f), dot(ArrayDataflow.OS, 2, row, col, 0, false));
        // WS, tiles {0,1} and {2,3}: psum0 = 0 + 2^24 + 1 -> 2^24, acc = 0 + 2^24 = 2^24;
        // psum1 = 0 + 1 - 2^24 = -(2^24 - 1), exact (24 bits); acc = 2^24 - (2^24 - 1) = 1.
        assertEquals(bits(1.0f), dot(ArrayDataflow.WS, 2, row, col, 0, false));
        // IS accumulates like WS.
        assertEquals(bits(1.0f), dot(ArrayDataflow.IS, 2, row, col, 0, false));
        // OS with FP32 chunks of 2 is WS's order: 1.
        assertEquals(bits(1.0f), dot(ArrayDataflow.OS, 2, new Accumulation(FloatFormat.FP32, 2), E5M2, row, E5M2, col, 0,
                false));
        // WS with R = 4 >= K is one tile: psum = 2^24 + 1 + 1 - 2^24 = 0 as in OS (same additions from +0),
        // then acc = 0 + 0 = +0.
        assertEquals(bits(0.0f), dot(ArrayDataflow.WS, 4, row, col, 0, false));
        // WS with R = 1: each product is its own tile, psum = 0 + p = p, so the sum is OS's: +0.
        assertEquals(bits(0.0f), dot(ArrayDataflow.WS, 1, row, col, 0, false));
    }

    @Test
    void tileBoundaryDecidesWhereRoundingHappens() {
        // Products 1, 2^24, 1, 1, -2^24 (K = 5), R = 2 -> tiles {0,1}, {2,3}, {4}.
        int[] row = {ONE, P2_12, ONE, ONE, NEG_P2_12};
        int[] col = {ONE, P2_12, ONE, ONE, P2_12};
        // OS: 1 + 2^24 = 2^24 + 1 -> tie -> 2^24; + 1 -> 2^24; + 1 -> 2^24; - 2^24 = +0.
        assertEquals(bits(0.0f), dot(ArrayDataflow.OS, 2, row, col, 0, false));
        // WS: psum0 = 1 + 2^24 -> 2^24, acc = 2^24; psum1 = 1 + 1 = 2, acc = 2^24 + 2 (exact, even spacing);
        // psum2 = -2^24, acc = 2.
        assertEquals(bits(2.0f), dot(ArrayDataflow.WS, 2, row, col, 0, false));
    }

    @Test
    void negativeZeroProducts() {
        // -0 * 1 = -0 for every k.
        int[] row = {NEG_ZERO, NEG_ZERO, NEG_ZERO};
        int[] col = {ONE, ONE, ONE};
        // OS from +0: +0 + -0 = +0 (IEEE 754 6.3: a sum of opposite-signed zeros is +0 under RNE).
        assertEquals(0x0000_0000, dot(ArrayDataflow.OS, 2, row, col, 0, false));
        // OS accumulating from -0: -0 + -0 = -0, every step.
        assertEquals(0x8000_0000, dot(ArrayDataflow.OS, 2, row, col, -0.0f, true));
        // WS from +0: psum = +0 + -0 = +0, acc = +0 + +0 = +0.
        assertEquals(0x0000_0000, dot(ArrayDataflow.WS, 2, row, col, 0, false));
        // WS accumulating from -0: the tile's psum starts at +0, so it is +0 (+0 + -0 = +0), and
        // acc = -0 + +0 = +0. The preload's sign is lost, unlike in OS.
        assertEquals(0x0000_0000, dot(ArrayDataflow.WS, 2, row, col, -0.0f, true));
        // Not accumulating ignores C's -0: the initial value is +0.
        assertEquals(0x0000_0000, dot(ArrayDataflow.OS, 2, row, col, -0.0f, false));
        // K = 0 leaves the initial value: -0 when accumulating, +0 otherwise.
        assertEquals(0x8000_0000, dot(ArrayDataflow.WS, 2, new int[0], new int[0], -0.0f, true));
        assertEquals(0x0000_0000, dot(ArrayDataflow.WS, 2, new int[0], new int[0], -0.0f, false));
    }

    @Test
    void infMinusInfIsTheCanonicalNan() {
        // Inf * 1 = Inf, then -Inf * 1 = -Inf: Inf + -Inf is invalid. x86 makes 0xFFC00000 here; the contract
        // makes every NaN output 0x7FC00000.
        int[] row = {INF, NEG_INF};
        int[] col = {ONE, ONE};
        for (ArrayDataflow d : ArrayDataflow.values()) {
            assertEquals(0x7FC0_0000, dot(d, 2, row, col, 0, false), d.cliName());
        }
        // Inf * +0 is invalid too.
        assertEquals(0x7FC0_0000, dot(ArrayDataflow.OS, 2, new int[] {INF}, new int[] {0x00}, 0, false));
        // A lone Inf stays Inf: 0 + Inf = Inf, then Inf + 1 = Inf.
        assertEquals(0x7F80_0000, dot(ArrayDataflow.OS, 2, new int[] {INF, ONE}, col, 0, false));
    }

    @Test
    void nanOperandGivesTheCanonicalNan() {
        // e5m2 0x7F is a NaN with payload 0b11; 0xFF the same with the sign set; e4m3 0x7F/0xFF are its only NaNs.
        assertEquals(0x7FC0_0000, dot(ArrayDataflow.OS, 2, new int[] {ONE, NAN}, new int[] {ONE, ONE}, 0, false));
        assertEquals(0x7FC0_0000, dot(ArrayDataflow.WS, 2, new int[] {0xFF, ONE}, new int[] {ONE, ONE}, 0, false));
        assertEquals(0x7FC0_0000, dot(ArrayDataflow.OS, 2, Accumulation.FP32, E4M3, new int[] {0xFF},
                E4M3, new int[] {0x38}, 0, false));
        // A NaN preload is canonicalised as well: it is an output the GEMM wrote.
        assertEquals(0x7FC0_0000, dot(ArrayDataflow.OS, 2, new int[] {ONE}, new int[] {ONE},
                Float.intBitsToFloat(0xFFC0_1234), true));
    }

    @Test
    void subnormalProductsAreExact() {
        // e5m2 min subnormal 2^-16, squared: 2^-32, a normal FP32 value: field 127 - 32 = 95 -> 0x2F800000.
        assertEquals(0x2F80_0000, dot(ArrayDataflow.OS, 2, new int[] {MIN_SUB}, new int[] {MIN_SUB}, 0, false));
        // Two of them: 2^-31, field 96 -> 0x30000000.
        assertEquals(0x3000_0000, dot(ArrayDataflow.WS, 2, new int[] {MIN_SUB, MIN_SUB}, new int[] {MIN_SUB, MIN_SUB}, 0,
                false));
        // e5m2 2^-16 times e4m3 min subnormal 2^-9 (0x01 = 2^-3 * 2^(1-7)) = 2^-25, field 102 -> 0x33000000.
        assertEquals(0x3300_0000, dot(ArrayDataflow.OS, 2, Accumulation.FP32, E5M2, new int[] {MIN_SUB}, E4M3,
                new int[] {0x01}, 0, false));
    }

    @Test
    void mixedE5m2TimesE4m3() {
        // e5m2 0x3E = 0.01111.10 = 1.5; e4m3 0x7E = 0.1111.110 = 1.75 * 2^8 = 448 (max finite). 1.5 * 448 = 672.
        // e5m2 0xC0 = 1.10000.00 = -2; e4m3 0x3C = 0.0111.100 = 1.5. -2 * 1.5 = -3. Sum: 669.
        assertEquals(bits(669.0f), dot(ArrayDataflow.OS, 2, Accumulation.FP32, E5M2, new int[] {0x3E, 0xC0}, E4M3,
                new int[] {0x7E, 0x3C}, 0, false));
        // Accumulating onto a preload of 0.5: 0.5 + 672 - 3 = 669.5 in OS; WS (one tile): 0.5 + 669 = 669.5.
        assertEquals(bits(669.5f), dot(ArrayDataflow.OS, 2, Accumulation.FP32, E5M2, new int[] {0x3E, 0xC0}, E4M3,
                new int[] {0x7E, 0x3C}, 0.5f, true));
        assertEquals(bits(669.5f), dot(ArrayDataflow.WS, 2, Accumulation.FP32, E5M2, new int[] {0x3E, 0xC0}, E4M3,
                new int[] {0x7E, 0x3C}, 0.5f, true));
    }

    @Test
    void narrowAccumulatorRoundsEveryAddition() {
        // FP16 accumulator (11-bit significand): products 2^11 (2^12 * 0.5), 1, 1 in OS.
        // e5m2 0x38 = 0.01110.00 = 0.5.
        int[] row = {P2_12, ONE, ONE};
        int[] col = {0x38, ONE, ONE};
        Accumulation fp16 = new Accumulation(FloatFormat.FP16, 0);
        // 0 + 2048 = 2048; 2048 + 1 = 2049 is a tie between 2048 and 2050 (spacing 2): RNE -> 2048, twice.
        assertEquals(bits(2048.0f), dot(ArrayDataflow.OS, 2, fp16, E5M2, row, E5M2, col, 0, false));
        // Chunks of 2: chunk0 = 2048 + 1 -> 2048, acc = 2048; chunk1 = 1, acc = 2048 + 1 -> 2048.
        assertEquals(bits(2048.0f), dot(ArrayDataflow.OS, 2, new Accumulation(FloatFormat.FP16, 2), E5M2, row, E5M2, col,
                0, false));
        // Products 1, 1, 2^11 with chunks of 2: chunk0 = 2, acc = 2; chunk1 = 2048, acc = 2050, exact.
        // Without chunks the same: 1, 2, 2050. In FP32 the sum is 2050 too; a case where FP16 loses: 2048 + 1 + 1
        // above gave 2048 where FP32 gives 2050.
        assertEquals(bits(2050.0f), dot(ArrayDataflow.OS, 2, new Accumulation(FloatFormat.FP16, 2), E5M2,
                new int[] {ONE, ONE, P2_12}, E5M2, new int[] {ONE, ONE, 0x38}, 0, false));
        assertEquals(bits(2050.0f), dot(ArrayDataflow.OS, 2, Accumulation.FP32, E5M2, row, E5M2, col, 0, false));
        // FP16 overflows to Inf: 2^12 * 2^12 = 2^24 > 65504, the first addition rounds to +Inf.
        assertEquals(0x7F80_0000, dot(ArrayDataflow.OS, 2, fp16, E5M2, new int[] {P2_12}, E5M2, new int[] {P2_12}, 0,
                false));
        // BF16 (8-bit significand): 256 + 1 = 257 is a tie between 256 and 258 -> 256. 0x5C = 0.10111.00 = 2^8.
        assertEquals(bits(256.0f), dot(ArrayDataflow.OS, 2, new Accumulation(FloatFormat.BF16, 0), E5M2,
                new int[] {0x5C, ONE}, E5M2, new int[] {ONE, ONE}, 0, false));
        assertNotEquals(bits(256.0f), dot(ArrayDataflow.OS, 2, Accumulation.FP32, E5M2, new int[] {0x5C, ONE}, E5M2,
                new int[] {ONE, ONE}, 0, false));
    }

    @Test
    void writesOnlyTheOutputBlock() {
        // A 2 x 2 output at offset 3 with ldc 5 inside a 13-element array: the other 9 elements keep their values.
        float[] c = new float[13];
        java.util.Arrays.fill(c, -7.0f);
        byte[] a = {(byte) ONE, (byte) ONE};          // A = [1; 1] (2 x 1)
        byte[] b = {(byte) ONE, (byte) 0x40};         // B = [1, 2] (1 x 2); e5m2 0x40 = 0.10000.00 = 2
        ReferenceGemm.gemm(new ArrayShape(4, 4), ArrayDataflow.OS, Accumulation.FP32, new GemmCall(
                new CodeMatrix(a, 0, 1, E5M2), new CodeMatrix(b, 0, 2, E5M2),
                new Fp32Matrix(c, 3, 5), 2, 2, 1, false));
        float[] expected = {-7, -7, -7, 1, 2, -7, -7, -7, 1, 2, -7, -7, -7};
        for (int i = 0; i < c.length; i++) {
            assertEquals(bits(expected[i]), bits(c[i]), "c[" + i + "]");
        }
    }
}
