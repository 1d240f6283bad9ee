package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code fused:F[:G]} accumulation (ARCHITECTURE.md section 2) against an oracle written here from the
 * rules alone, in exact arithmetic: operand values from {@link ExactOracle#value} (not the decode tables),
 * products, truncation and sums in {@link BigDecimal}, and its own FP32 RNE rounding. {@link ReferenceGemm}
 * and {@link MacArray} (whose adder is {@link FusedAdder}) are both compared with it bit for bit.
 */
class FusedAccumulationTest {

    private static final FloatFormat E5M2 = FloatFormat.E5M2;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final int[] FS = {0, 1, 3, 10, 14, 23, 30, FusedAccumulation.EXACT};

    // ---------------------------------------------------------------------------------------------
    // The oracle.

    /** 2^n exactly. */
    private static BigDecimal pow2(int n) {
        return n >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(n)) : BigDecimal.ONE.divide(
                new BigDecimal(BigInteger.ONE.shiftLeft(-n)));
    }

    /** floor(log2 |x|) of a non-zero x. */
    private static int floorLog2(BigDecimal x) {
        BigDecimal mag = x.abs();
        int e = Math.getExponent(mag.doubleValue());
        while (pow2(e).compareTo(mag) > 0) {
            e--;
        }
        while (pow2(e + 1).compareTo(mag) <= 0) {
            e++;
        }
        return e;
    }

    /** x rounded to FP32, round to nearest, ties to even, overflow to Inf; 0 gives +0. */
    static float roundF32(BigDecimal x) {
        if (x.signum() == 0) {
            return 0.0f;
        }
        int e = Math.max(floorLog2(x), -126);
        BigDecimal quantum = pow2(e - 23);
        BigInteger n = x.abs().divide(quantum).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        BigDecimal mag = new BigDecimal(n).multiply(quantum);
        if (mag.compareTo(pow2(128)) >= 0) {
            return x.signum() < 0 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        float r = (float) Math.scalb(n.doubleValue(), e - 23);
        return x.signum() < 0 ? -r : r;
    }

    /** A product: exact value, or NaN / signed Inf as a float marker (null value). */
    private record Product(BigDecimal value, float special) {
    }

    private static Product product(FloatFormat fa, int ca, FloatFormat fb, int cb) {
        ExactOracle.Kind ka = ExactOracle.kind(fa, ca);
        ExactOracle.Kind kb = ExactOracle.kind(fb, cb);
        if (ka == ExactOracle.Kind.NAN || kb == ExactOracle.Kind.NAN) {
            return new Product(null, Float.NaN);
        }
        boolean negative = ExactOracle.isNegative(fa, ca) != ExactOracle.isNegative(fb, cb);
        if (ka == ExactOracle.Kind.INFINITE || kb == ExactOracle.Kind.INFINITE) {
            boolean zero = (ka == ExactOracle.Kind.FINITE && ExactOracle.value(fa, ca).signum() == 0)
                    || (kb == ExactOracle.Kind.FINITE && ExactOracle.value(fb, cb).signum() == 0);
            return new Product(null, zero ? Float.NaN
                    : negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        }
        return new Product(ExactOracle.value(fa, ca).multiply(ExactOracle.value(fb, cb)), 0);
    }

    /** One group's result, from the rule. */
    static float oracleGroup(int f, Product[] products) {
        boolean nan = false;
        boolean pos = false;
        boolean neg = false;
        Integer e = null;
        for (Product p : products) {
            if (p.value() == null) {
                nan |= Float.isNaN(p.special());
                pos |= p.special() == Float.POSITIVE_INFINITY;
                neg |= p.special() == Float.NEGATIVE_INFINITY;
            } else if (p.value().signum() != 0) {
                int pe = floorLog2(p.value());
                e = e == null ? pe : Math.max(e, pe);
            }
        }
        if (nan || (pos && neg)) {
            return Float.NaN;
        }
        if (pos || neg) {
            return pos ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Product p : products) {
            BigDecimal v = p.value();
            if (f != FusedAccumulation.EXACT && e != null) {
                BigDecimal unit = pow2(e - f);
                v = v.divideToIntegralValue(unit).multiply(unit); // the integer part: toward zero
            }
            sum = sum.add(v);
        }
        return roundF32(sum);
    }

    /** fp32_rne(acc + group). */
    static float oracleAdd(float acc, float group) {
        if (!Float.isFinite(acc) || !Float.isFinite(group)) {
            return acc + group; // NaN and Inf arithmetic
        }
        return roundF32(new BigDecimal(acc).add(new BigDecimal(group)));
    }

    /** The whole GEMM from the rules: C op= A B, groups of g along K. */
    static float[] oracleGemm(GemmInputs.Problem p, int f, int g, boolean accumulate) {
        float[] c = p.copyOfC();
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                float acc = accumulate ? c[p.cOff() + i * p.ldc() + j] : 0.0f;
                for (int k0 = 0; k0 < p.k(); k0 += g) {
                    int len = Math.min(g, p.k() - k0);
                    Product[] group = new Product[len];
                    for (int t = 0; t < len; t++) {
                        int kk = k0 + t;
                        group[t] = product(p.fa(), p.a()[p.aOff() + i * p.lda() + kk] & 0xFF,
                                p.fb(), p.b()[p.bOff() + kk * p.ldb() + j] & 0xFF);
                    }
                    acc = oracleAdd(acc, oracleGroup(f, group));
                }
                c[p.cOff() + i * p.ldc() + j] = Float.isNaN(acc) ? Float.intBitsToFloat(0x7FC0_0000) : acc;
            }
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------
    // The implementations.

    private static float[] reference(GemmInputs.Problem p, ArrayShape shape, ArrayDataflow df, Accumulation acc,
                                     boolean accumulate) {
        float[] c = p.copyOfC();
        ReferenceGemm.gemm(shape, df, acc, new GemmCall(new CodeMatrix(p.a(), p.aOff(), p.lda(), p.fa()),
                new CodeMatrix(p.b(), p.bOff(), p.ldb(), p.fb()), new Fp32Matrix(c, p.cOff(), p.ldc()),
                p.m(), p.n(), p.k(), accumulate));
        return c;
    }

    private static float[] fast(GemmInputs.Problem p, ArrayShape shape, ArrayDataflow df, Accumulation acc,
                                boolean accumulate) {
        float[] c = p.copyOfC();
        new MacArray(shape, df, acc).gemm(p.a(), p.aOff(), p.lda(), p.fa(), p.b(), p.bOff(), p.ldb(), p.fb(),
                c, p.cOff(), p.ldc(), p.m(), p.n(), p.k(), accumulate);
        return c;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int a = Float.floatToRawIntBits(actual[i]);
            if (e != a) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " (0x"
                        + Integer.toHexString(e) + ") but was " + actual[i] + " (0x" + Integer.toHexString(a) + ")");
            }
        }
    }

    /** A 1 x K times K x 1 problem of e5m2 codes. */
    private static GemmInputs.Problem dot(int[] row, int[] col, float initial) {
        byte[] a = new byte[row.length];
        byte[] b = new byte[col.length];
        for (int i = 0; i < row.length; i++) {
            a[i] = (byte) row[i];
            b[i] = (byte) col[i];
        }
        return new GemmInputs.Problem(1, 1, row.length, E5M2, E5M2, a, 0, row.length, b, 0, 1,
                new float[] {initial}, 0, 1);
    }

    /** The dot product's output through oracle, reference and fast kernel, checked equal; returns it. */
    private static float checkDot(int f, int g, int[] row, int[] col, float initial, boolean accumulate) {
        GemmInputs.Problem p = dot(row, col, initial);
        Accumulation acc = Accumulation.fused(new FusedAccumulation(f, g));
        float[] expected = oracleGemm(p, f, g, accumulate);
        for (ArrayDataflow df : ArrayDataflow.values()) {
            assertBits(expected, reference(p, new ArrayShape(4, 4), df, acc, accumulate), "reference " + df);
            assertBits(expected, fast(p, new ArrayShape(4, 4), df, acc, accumulate), "MacArray " + df);
        }
        return expected[0];
    }

    // e5m2 codes: sign.eeeee.mm, bias 15.
    private static final int ONE = 0x3C;          // 2^0
    private static final int ONE_25 = 0x3D;       // 1.25
    private static final int P2_12 = 0x6C;        // 2^12
    private static final int NEG_P2_12 = 0xEC;
    private static final int P2_M4 = 0x2C;        // 2^-4
    private static final int NEG_ONE_25 = 0xBD;
    private static final int ZERO = 0x00;
    private static final int NEG_ZERO = 0x80;
    private static final int INF = 0x7C;
    private static final int NEG_INF = 0xFC;
    private static final int NAN = 0x7F;

    private static int bits(float x) {
        return Float.floatToRawIntBits(x);
    }

    // ---------------------------------------------------------------------------------------------
    // Edge cases: the expected values are also worked out by hand.

    @Test
    void allZerosGivePlusZero() {
        assertEquals(0, bits(checkDot(14, 4, new int[] {NEG_ZERO, ZERO, NEG_ZERO}, new int[] {ONE, ONE, ONE}, 0f,
                false)));
        // -0 preload plus a +0 group: +0 (RNE).
        assertEquals(0, bits(checkDot(14, 4, new int[] {NEG_ZERO}, new int[] {ONE}, -0.0f, true)));
    }

    @Test
    void exactCancellationGivesPlusZero() {
        // 2^12 - 2^12 + 0 in one group: exact zero, +0.
        assertEquals(0, bits(checkDot(0, 4, new int[] {P2_12, NEG_P2_12}, new int[] {ONE, ONE}, 0f, false)));
    }

    @Test
    void smallProductsBelowTheAlignmentAreTruncatedAway() {
        // e = 12; with F = 14 the unit is 2^-2: 2^-4 truncates to 0, so 2^12 + 2^-4 + 2^-4 + 2^-4 = 2^12.
        assertEquals(4096f, checkDot(14, 4, new int[] {P2_12, P2_M4, P2_M4, P2_M4},
                new int[] {ONE, ONE, ONE, ONE}, 0f, false));
        // F = exact keeps them: 4096 + 3/16 is exact in FP32.
        assertEquals(4096.1875f, checkDot(FusedAccumulation.EXACT, 4, new int[] {P2_12, P2_M4, P2_M4, P2_M4},
                new int[] {ONE, ONE, ONE, ONE}, 0f, false));
    }

    @Test
    void negativeProductsTruncateTowardZero() {
        // e = 0 (1.25 and -1.25), F = 1: unit 2^-1; 1.25 -> 1.0 and -1.25 -> -1.0 (toward zero, not -1.5);
        // 1.25 * 1.25 = 1.5625 -> 1.5. Sum: 1 - 1 + 1.5 = 1.5.
        assertEquals(1.5f, checkDot(1, 3, new int[] {ONE_25, NEG_ONE_25, ONE_25},
                new int[] {ONE, ONE, ONE_25}, 0f, false));
        // F = 0, all negative: -1.5625 -> -1.
        assertEquals(-1.0f, checkDot(0, 1, new int[] {NEG_ONE_25}, new int[] {ONE_25}, 0f, false));
    }

    @Test
    void specials() {
        assertEquals(0x7FC0_0000, bits(checkDot(14, 4, new int[] {ONE, NAN}, new int[] {ONE, ONE}, 0f, false)));
        assertEquals(0x7FC0_0000, bits(checkDot(14, 4, new int[] {INF, NEG_INF}, new int[] {ONE, ONE}, 0f, false)));
        assertEquals(Float.POSITIVE_INFINITY, checkDot(14, 4, new int[] {INF, P2_12, INF},
                new int[] {ONE, ONE, ONE}, 0f, false));
        // 0 x Inf is NaN.
        assertEquals(0x7FC0_0000, bits(checkDot(14, 4, new int[] {ZERO}, new int[] {INF}, 0f, false)));
        // +Inf and -Inf in different groups (G = 1): the accumulator's Inf - Inf is NaN too.
        assertEquals(0x7FC0_0000, bits(checkDot(14, 1, new int[] {INF, NEG_INF}, new int[] {ONE, ONE}, 0f, false)));
        // A NaN preload stays NaN.
        assertEquals(0x7FC0_0000, bits(checkDot(14, 4, new int[] {ONE}, new int[] {ONE}, Float.NaN, true)));
    }

    @Test
    void preloadAndGroupsInOrder() {
        // G = 2, K = 5 (not a multiple): groups {2^12, 1}, {1, 1}, {1}; preload 2^24.
        // acc = fp32(2^24 + 4097) = 2^24 + 4096 (4097 is odd: the tie at ulp 2 rounds to even), then + 2 and
        // + 1: 2^24 + 4098, then 2^24 + 4099 -> tie -> 2^24 + 4100.
        float r = checkDot(FusedAccumulation.EXACT, 2, new int[] {P2_12, ONE, ONE, ONE, ONE},
                new int[] {ONE, ONE, ONE, ONE, ONE}, 16777216f, true);
        assertEquals(16777216f + 4100f, r);
    }

    @Test
    void exactIsTheExactSumRoundedOnce() {
        // 2^24 + 1 + 1 in one group: exact 2^24 + 2 (one rounding); per-product fp32 would give 2^24.
        assertEquals(16777218f, checkDot(FusedAccumulation.EXACT, 8, new int[] {P2_12, ONE, ONE},
                new int[] {P2_12, ONE, ONE}, 0f, false));
    }

    // ---------------------------------------------------------------------------------------------
    // Random problems.

    @Test
    void randomGemmsMatchTheOracle() {
        SplittableRandom rnd = new SplittableRandom(0xF05ED);
        GemmInputs.Profile[] profiles = GemmInputs.Profile.values();
        for (int trial = 0; trial < 400; trial++) {
            int m = 1 + rnd.nextInt(4);
            int n = 1 + rnd.nextInt(5);
            int k = 1 + rnd.nextInt(40);
            GemmInputs.Problem p = GemmInputs.draw(rnd, m, n, k, profiles[rnd.nextInt(profiles.length)]);
            int f = FS[rnd.nextInt(FS.length)];
            int rows = 1 + rnd.nextInt(16);
            int g = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(20);
            ArrayShape shape = new ArrayShape(rows, 4);
            ArrayDataflow df = ArrayDataflow.values()[rnd.nextInt(3)];
            boolean accumulate = rnd.nextBoolean();
            Accumulation acc = Accumulation.fused(new FusedAccumulation(f, g));
            float[] expected = oracleGemm(p, f, g == 0 ? rows : g, accumulate);
            String what = p + " " + acc + " R=" + rows + " " + df + " accumulate=" + accumulate;
            assertBits(expected, reference(p, shape, df, acc, accumulate), "reference " + what);
            assertBits(expected, fast(p, shape, df, acc, accumulate), "MacArray " + what);
        }
    }

    @Test
    void wideExactGroupsTakeTheSlowPathCorrectly() {
        // e5m2: max^2 ~ 2^31.8 and min subnormal^2 = 2^-32 in one exact group: more than 62 bits.
        int maxCode = E5M2.maxFiniteCode();
        int[] row = {maxCode, 0x01, 0x81, 0x01, maxCode | 0x80, 0x03};
        int[] col = {maxCode, 0x01, 0x02, 0x01, 0x3D, 0x01};
        checkDot(FusedAccumulation.EXACT, 8, row, col, 0f, false);
        checkDot(62, 8, row, col, 0f, false);
        checkDot(40, 3, row, col, 1.0f, true);
    }

    @Test
    void groupSumRoundsLongSumsOnceWithSticky() {
        // FusedAdder.toFloat on sums wider than 53 bits: compare with the oracle's rounding.
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long sum = rnd.nextLong() >> rnd.nextInt(63);
            int u = rnd.nextInt(-149, 60);
            float expected = roundF32(new BigDecimal(BigInteger.valueOf(sum)).multiply(pow2(u)));
            assertEquals(bits(expected), bits(FusedAdder.toFloat(sum, u)), sum + " * 2^" + u);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing.

    @Test
    void parsesModes() {
        assertEquals(Accumulation.FP32, Accumulation.parseMode("fp32"));
        assertEquals(new FusedAccumulation(14, 0), Accumulation.parseMode("fused:14").fused());
        assertEquals(new FusedAccumulation(14, 128), Accumulation.parseMode("fused:14:128").fused());
        assertEquals(new FusedAccumulation(FusedAccumulation.EXACT, 0), Accumulation.parseMode("fused:exact").fused());
        assertEquals("fused:exact:16", Accumulation.parseMode("fused:exact:16").modeName());
        assertEquals("fp32", Accumulation.FP32.modeName());
        for (String bad : new String[] {"fp16", "fused", "fused:", "fused:-1", "fused:x", "fused:3:0", "fused:3:4:5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Accumulation.parseMode(bad), bad);
            assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Accumulation(FloatFormat.FP16, 0, new FusedAccumulation(3, 0)));
    }
}
