package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.random.PhiloxSource;
import io.github.fp8sim.datapath.round.Converter;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;

/**
 * FP16 master weights: w32 = float(w16) - u in FP32, then w16 = round_fp16(w32). Expectations come from
 * the FP16 grid, Java's own {@code Float.floatToFloat16} (an IEEE RNE oracle independent of fp8sim) and
 * the datapath's generic {@code Converter}.
 */
class MasterWeightsTest {

    private static final QuantSpec SR = MasterWeights.fp16Update(Rounding.SR, Overflow.SATURATE);
    private static final QuantSpec RNE_INF = MasterWeights.fp16Update(Rounding.RNE, Overflow.INF);

    private static MasterWeights srWeights(float[] initial, long seed) {
        return MasterWeights.fp16(0, initial, SR, new UpdateRandomness.Philox(seed, 1));
    }

    /**
     * A value {@code lower + k/8192 ulp} between two FP16 neighbours, re-rounded at every step: FP16 normals
     * keep 10 of FP32's 23 mantissa bits, so r = 13 random bits see all 13 discarded bits and
     * P(up) = k/8192 exactly. Each step sets w32 back to the same value (u = w16 - target is exact on the
     * 2^-23 grid of [1, 2)), so the round-ups are N Bernoulli(p) draws: the frequency lies within 5 standard
     * deviations, 5 * sqrt(p(1-p)/N), of p.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 819, 2458, 4096, 7373, 8191})
    void srRoundsUpWithProbabilityEqualToTheFractionalDistance(int k) {
        float lower = 1.0f;
        float upper = 1.0f + 0x1p-10f;
        float target = 1.0f + k * 0x1p-23f;
        int n = 20_000;
        MasterWeights w = srWeights(new float[] {lower}, 99);
        int ups = 0;
        for (int step = 0; step < n; step++) {
            float update = w.value(0) - target;
            assertEquals(target, w.value(0) - update, "w32 is the target exactly");
            w.apply(new float[] {update});
            float now = w.value(0);
            assertTrue(now == lower || now == upper, "step " + step + ": " + now + " is not a neighbour");
            ups += now == upper ? 1 : 0;
        }
        double p = k / 8192.0;
        double bound = 5 * Math.sqrt(p * (1 - p) / n);
        assertEquals(p, (double) ups / n, bound, "round-up frequency");
    }

    /**
     * The same across the elements of one update, for a negative FP16 subnormal: -3.25 * 2^-24 lies between
    * -3 and -4 subnormal quanta, a quarter of the way from -3, so P(magnitude up) = 1/4.
     */
    @Test
    void srAcrossElementsOfANegativeSubnormal() {
        int n = 1 << 16;
        float target = -3.25f * 0x1p-24f;
        MasterWeights w = srWeights(new float[n], 5);
        float[] update = new float[n];
        Arrays.fill(update, -target);   // 0 - (-target) = target, exactly
        w.apply(update);
        int ups = 0;
        for (int i = 0; i < n; i++) {
            float v = w.value(i);
            assertTrue(v == -3 * 0x1p-24f || v == -4 * 0x1p-24f, "element " + i + ": " + v);
            ups += v == -4 * 0x1p-24f ? 1 : 0;
        }
        assertEquals(0.25, (double) ups / n, 5 * Math.sqrt(0.25 * 0.75 / n));
    }

    /** RNE updates and the initial cast both agree with Java's IEEE binary16 conversion, overflow to Inf. */
    @Test
    void rneMatchesFloatToFloat16() {
        float[] x = testValues(200_000, 3);
        MasterWeights cast = MasterWeights.fp16(0, x, RNE_INF, null);
        MasterWeights updated = MasterWeights.fp16(1, new float[x.length], RNE_INF, null);
        float[] update = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            update[i] = -x[i];
        }
        updated.apply(update);
        short[] castCodes = cast.codes();
        short[] updatedCodes = updated.codes();
        for (int i = 0; i < x.length; i++) {
            short oracle = Float.floatToFloat16(x[i]);
            assertEquals(oracle, castCodes[i], "initial cast of " + Float.toHexString(x[i]));
            if (x[i] != 0) {  // 0 - (-(-0)) = +0: the update path cannot make -0 from +0
                assertEquals(oracle, updatedCodes[i], "update to " + Float.toHexString(x[i]));
            }
            assertEquals(Float.float16ToFloat(oracle), cast.value(i), "decoded value of " + Float.toHexString(x[i]));
        }
    }

    /** Random bit patterns over every exponent, plus the FP16 boundaries; no NaNs. */
    private static float[] testValues(int count, long seed) {
        float[] edges = {0f, -0f, 65504f, -65504f, 65519.996f, 65520f, -65520f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f,
            0x1p-14f, 0x1.ff8p-15f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, 1.0009766f, 1.00048828125f, 1.000732421875f};
        float[] values = new float[count];
        System.arraycopy(edges, 0, values, 0, edges.length);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = edges.length; i < count; i++) {
            float v;
            do {
                // Half of the values near FP16's range (exponents -30..17), half anywhere.
                v = i % 2 == 0
                        ? Math.scalb(1f + random.nextFloat(), random.nextInt(-30, 18)) * (random.nextBoolean() ? 1 : -1)
                        : Float.intBitsToFloat(random.nextInt());
            } while (Float.isNaN(v));
            values[i] = v;
        }
        return values;
    }

    @Test
    void nanUpdatesGiveTheNanCode() {
        MasterWeights w = MasterWeights.fp16(0, new float[] {1f, 1f}, RNE_INF, null);
        w.apply(new float[] {Float.NaN, Float.intBitsToFloat(0xFFC0_0001)});
        assertTrue(Float.isNaN(w.value(0)) && Float.isNaN(w.value(1)));
        assertEquals((short) 0x7E00, w.codes()[0], "ml_dtypes quiet NaN");
    }

    /**
     * The stagnation argument of the paper: an update below half an FP16 ulp never moves an RNE weight,
     * while SR moves it by the update on average. 1.5 has ulp 2^-10; u = 2^-13 is an eighth of it. After
     * T = 2048 steps the exact value is 1.5 - 2048 * 2^-13 = 1.25 (what FP32 storage gives). Each SR
     * rounding is unbiased with variance at most ulp^2/4 = 2^-22, so one weight's error after T steps has
     * standard deviation at most sqrt(T) * 2^-11 = 2^-5.5; the mean of 256 independent weights at most
     * 2^-9.5 = 0.0014, and 0.01 is over 7 of those.
     */
    @Test
    void tinyUpdatesMoveSrWeightsOnAverageButNeverRneWeights() {
        int n = 256;
        int steps = 2048;
        float[] start = new float[n];
        Arrays.fill(start, 1.5f);
        float[] update = new float[n];
        Arrays.fill(update, 0x1p-13f);
        MasterWeights rne = MasterWeights.fp16(0, start, MasterWeights.fp16Update(Rounding.RNE, Overflow.SATURATE), null);
        MasterWeights sr = srWeights(start, 2024);
        MasterWeights fp32 = MasterWeights.fp32(0, start);
        for (int s = 0; s < steps; s++) {
            rne.apply(update);
            sr.apply(update);
            fp32.apply(update);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1.5f, rne.value(i), "RNE weight " + i + " stagnates");
            assertEquals(1.25f, fp32.value(i), "FP32 weight " + i);
        }
        double mean = 0;
        for (float v : sr.values()) {
            mean += v;
        }
        mean /= n;
        assertEquals(1.25, mean, 0.01, "SR weights follow the exact trajectory on average");
    }

    @Test
    void overflowSaturatesOrGoesToInfinityAsConfigured() {
        // 65504 + 32 = 65536 is past RNE's overflow threshold 65520.
        float[] start = {65504f, -65504f};
        float[] update = {-32f, 32f};
        MasterWeights saturate = MasterWeights.fp16(0, start, MasterWeights.fp16Update(Rounding.RNE, Overflow.SATURATE), null);
        MasterWeights inf = MasterWeights.fp16(0, start, RNE_INF, null);
        MasterWeights srSaturate = srWeights(start, 1);
        saturate.apply(update);
        inf.apply(update);
        srSaturate.apply(update);
        assertArrayEquals(new short[] {0x7BFF, (short) 0xFBFF}, saturate.codes());
        assertArrayEquals(new short[] {0x7C00, (short) 0xFC00}, inf.codes());
        assertArrayEquals(new short[] {0x7BFF, (short) 0xFBFF}, srSaturate.codes());
    }

    /**
     * The documented draw: element i of tensor t at update u uses the top 13 bits of the Philox block at
     * counter (i >> 2, u, t), word i & 3 (datapath's PhiloxSource), rounded by the generic Converter.
     */
    @Test
    void philoxElementsDrawTheirOwnCounter() {
        int n = 1000;
        long seed = 0x5EED;
        int tensor = 7;
        SplittableRandom random = new SplittableRandom(11);
        float[] start = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = (float) random.nextDouble(-4, 4);
        }
        MasterWeights w = MasterWeights.fp16(tensor, start, SR, new UpdateRandomness.Philox(seed, 16));
        for (long update = 0; update < 3; update++) {
            float[] before = w.values();
            float[] u = new float[n];
            for (int i = 0; i < n; i++) {
                u[i] = (float) random.nextDouble(-1e-3, 1e-3);
            }
            w.apply(u);
            short[] codes = w.codes();
            PhiloxSource bits = new PhiloxSource(seed, tensor, update, 1);
            for (int i = 0; i < n; i++) {
                int r = bits.nextBits(0, i, 13);
                long expected = Converter.f32ToFormat(
                        new QuantSpec(FloatFormat.FP16, Rounding.SR, Overflow.SATURATE, 13, NanPolicy.MLDTYPES),
                        r, Float.floatToRawIntBits(before[i] - u[i]));
                assertEquals(Converter.code(expected), codes[i] & 0xFFFF, "update " + update + ", element " + i);
            }
        }
    }

    /** A shared LFSR bank: element i draws lane i mod lanes, elements in increasing order, tensors in update order. */
    @Test
    void sharedLfsrDrawsLaneIModLanesInElementOrder() {
        int n = 37;
        int lanes = 4;
        long seed = 77;
        UpdateRandomness shared = new UpdateRandomness.SharedSource(new LfsrBank(lanes, seed));
        float[] start = new float[n];
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = 1 + i / 64f;   // on the FP16 grid (spacing 2^-10)
            u[i] = 0x1.3p-14f;
        }
        MasterWeights a = MasterWeights.fp16(0, start, SR, shared);
        MasterWeights b = MasterWeights.fp16(1, start, SR, shared);
        a.apply(u);
        b.apply(u);
        LfsrBank replica = new LfsrBank(lanes, seed);
        for (MasterWeights w : new MasterWeights[] {a, b}) {
            short[] codes = w.codes();
            for (int i = 0; i < n; i++) {
                int r = replica.nextBits(i % lanes, i, 13);
                long expected = Converter.f32ToFormat(
                        new QuantSpec(FloatFormat.FP16, Rounding.SR, Overflow.SATURATE, 13, NanPolicy.MLDTYPES),
                        r, Float.floatToRawIntBits(start[i] - u[i]));
                assertEquals(Converter.code(expected), codes[i] & 0xFFFF, "tensor " + w.tensorId() + ", element " + i);
            }
        }
    }

    @Test
    void restoredCodesContinueTheSameRandomStream() {
        float[] start = {1.1f, 2.2f, -3.3f, 0.01f};
        float[] u = {1e-4f, -2e-4f, 3e-4f, 1e-6f};
        MasterWeights live = srWeights(start, 8);
        live.apply(u);
        live.apply(u);
        MasterWeights restored = MasterWeights.fp16Codes(0, live.codes(), live.updateCount(), SR,
                new UpdateRandomness.Philox(8, 1));
        live.apply(u);
        restored.apply(u);
        assertEquals(3, live.updateCount());
        assertArrayEquals(live.codes(), restored.codes());
    }

    @Test
    void fp32StorageSubtractsInFloat() {
        MasterWeights w = MasterWeights.fp32(3, new float[] {1f, 0.1f});
        w.apply(new float[] {0x1p-30f, 0.2f});
        assertArrayEquals(new float[] {1f, 0.1f - 0.2f}, w.values());
        assertEquals(MasterWeights.Storage.FP32, w.storage());
        assertThrows(IllegalStateException.class, w::codes);
    }

    @Test
    void badArgumentsAreRejected() {
        MasterWeights w = srWeights(new float[4], 1);
        assertThrows(IllegalArgumentException.class, () -> w.apply(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> w.apply(new float[4], 0));
        assertThrows(IllegalArgumentException.class, () -> MasterWeights.fp16(0, new float[1], SR, null));
        assertThrows(IllegalArgumentException.class,
                () -> MasterWeights.fp16(0, new float[1], QuantSpec.of(FloatFormat.BF16, Rounding.RNE, Overflow.INF), null));
        MasterWeights lfsr = MasterWeights.fp16(0, new float[4], SR,
                new UpdateRandomness.SharedSource(new LfsrBank(2, 1)));
        assertThrows(IllegalStateException.class, () -> lfsr.apply(new float[4], 2));
        assertEquals(0, lfsr.updateCount(), "a rejected update is not counted");
    }
}
