package io.github.fp8sim.workloads.weights;

import static io.github.fp8sim.testkit.FloatBits.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.models.ResNet;

class WeightInitTest {

    @Test
    void fnv1aKnownVectors() {
        // FNV-1a 64 test vectors (Fowler, Noll, Vo: the empty string is the offset basis).
        assertEquals(0xCBF29CE484222325L, WeightInit.fnv1a64(""));
        assertEquals(0xAF63DC4C8601EC8CL, WeightInit.fnv1a64("a"));
        assertEquals(0x85944171F73967E8L, WeightInit.fnv1a64("foobar"));
    }

    /** splitmix64.c written out from its reference text, not through the datapath class. */
    private static long splitmix64Next(long[] x) {
        long z = (x[0] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    @Test
    void uniformFollowsTheDocumentedRecipe() {
        long seed = 42;
        String name = "layer1.0.conv1.weight";
        float[] got = WeightInit.values(seed, name, new Init.Uniform(0.5), 1000);
        long[] state = {seed ^ mix(fnv(name))};
        for (int i = 0; i < got.length; i++) {
            double u = (splitmix64Next(state) >>> 11) * 0x1.0p-53;
            assertEquals(Float.floatToRawIntBits((float) (0.5 * (2 * u - 1))), Float.floatToRawIntBits(got[i]), "element " + i);
        }
    }

    @Test
    void normalFollowsTheDocumentedRecipe() {
        float[] got = WeightInit.values(7, "fc.weight", new Init.Normal(0.25), 5);
        long[] state = {7 ^ mix(fnv("fc.weight"))};
        for (int i = 0; i < got.length; i += 2) {
            double u1 = (splitmix64Next(state) >>> 11) * 0x1.0p-53;
            double u2 = (splitmix64Next(state) >>> 11) * 0x1.0p-53;
            double r = StrictMath.sqrt(-2 * StrictMath.log(1 - u1));
            assertEquals((float) (0.25 * r * StrictMath.cos(2 * StrictMath.PI * u2)), got[i]);
            if (i + 1 < got.length) {
                assertEquals((float) (0.25 * r * StrictMath.sin(2 * StrictMath.PI * u2)), got[i + 1]);
            }
        }
    }

    @Test
    void goldenValuesArePinned() {
        // Regression: these bits are part of the seeded-run reproducibility contract.
        float[] he = WeightInit.values(1, "conv1.weight", new Init.HeNormal(3136), 4);
        float[] xavier = WeightInit.values(1, "fc.weight", new Init.XavierUniform(512, 1000), 4);
        assertArrayEquals(GOLDEN_HE, bits(he), Arrays.toString(bits(he)));
        assertArrayEquals(GOLDEN_XAVIER, bits(xavier), Arrays.toString(bits(xavier)));
    }

    // -0.027565170, 0.036174785, -0.026386183, 0.00092036527 (std sqrt(2/3136) = 0.0253)
    private static final int[] GOLDEN_HE = {0xBCE1D05A, 0x3D142C03, 0xBCD827D6, 0x3A7144AB};
    // 0.022822855, 0.0067172050, -0.048752047, -0.053097606 (bound sqrt(6/1512) = 0.0630)
    private static final int[] GOLDEN_XAVIER = {0x3CBAF6FF, 0x3BDC1C00, 0xBD47B03A, 0xBD597CE0};

    @Test
    void dependsOnSeedAndNameOnly() {
        Init init = new Init.HeNormal(9);
        float[] a = WeightInit.values(3, "a", init, 64);
        assertArrayEquals(a, WeightInit.values(3, "a", init, 64));
        assertFalse(Arrays.equals(a, WeightInit.values(4, "a", init, 64)));
        assertFalse(Arrays.equals(a, WeightInit.values(3, "b", init, 64)));
        // A shorter tensor is a prefix (for an even length with Box-Muller pairs).
        assertArrayEquals(Arrays.copyOf(a, 10), WeightInit.values(3, "a", init, 10));

        Graph g = ResNet.build(ResNet.resnet8(1));
        Weights w = Weights.seeded(g, 99);
        float[] first = w.get("layer2.0.conv1.weight");
        w.get("conv1.weight");
        assertArrayEquals(first, Weights.seeded(g, 99).get("layer2.0.conv1.weight"));
    }

    @Test
    void distributionsHaveTheirMoments() {
        int n = 200_000;
        double std = new Init.HeNormal(576).std();
        double[] m = moments(WeightInit.values(5, "he", new Init.HeNormal(576), n));
        assertEquals(0, m[0], 4 * std / Math.sqrt(n));
        assertEquals(std, Math.sqrt(m[1]), 0.01 * std);

        Init.XavierUniform x = new Init.XavierUniform(512, 512);
        float[] u = WeightInit.values(5, "xavier", x, n);
        m = moments(u);
        double a = x.bound();
        assertEquals(0, m[0], 4 * a / Math.sqrt(3 * n));
        assertEquals(a * a / 3, m[1], 0.01 * a * a / 3);
        for (float v : u) {
            assertTrue(Math.abs(v) <= (float) a);
        }
        for (float v : WeightInit.values(5, "one", Init.ones(), 17)) {
            assertEquals(1.0f, v);
        }
    }

    /** Mean and variance. */
    private static double[] moments(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        double mean = s / v.length;
        double q = 0;
        for (float f : v) {
            q += (f - mean) * (f - mean);
        }
        return new double[] {mean, q / v.length};
    }
}
