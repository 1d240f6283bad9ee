package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random GEMM problems for the fast-vs-reference tests: operand codes drawn to hit the contract's edge
 * cases, offsets and leading dimensions larger than a row, and padding that must never be read or
 * written (A/B padding holds NaN codes, C padding a sentinel).
 */
final class GemmInputs {

    private GemmInputs() {
    }

    /** How operand codes are drawn. */
    enum Profile {
        /** Any finite code, uniformly. */
        UNIFORM,
        /** Zeros of both signs, subnormals, max finite, values near 1, plus some Inf and NaN. */
        EDGE,
        /** Half huge and half small magnitudes with random signs: large products cancel between small ones. */
        CANCEL,
        /** Magnitudes around 2^-6..2^4, for narrow accumulators that would overflow on huge products. */
        MODERATE
    }

    /** One problem: C (m x n) op= A (m x k) times B (k x n) with its memory layout. */
    record Problem(int m, int n, int k, FloatFormat fa, FloatFormat fb,
                   byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {

        float[] copyOfC() {
            return c.clone();
        }

        @Override
        public String toString() {
            return String.format("M=%d N=%d K=%d %s x %s aOff=%d lda=%d bOff=%d ldb=%d cOff=%d ldc=%d",
                    m, n, k, fa, fb, aOff, lda, bOff, ldb, cOff, ldc);
        }
    }

    static final List<FloatFormat> FP8 = FloatFormat.builtIn8Bit();

    static Problem draw(SplittableRandom rnd, int m, int n, int k, Profile profile) {
        FloatFormat fa = FP8.get(rnd.nextInt(FP8.size()));
        FloatFormat fb = FP8.get(rnd.nextInt(FP8.size()));
        int aOff = rnd.nextInt(4);
        int lda = k + rnd.nextInt(3);
        int bOff = rnd.nextInt(4);
        int ldb = n + rnd.nextInt(3);
        int cOff = rnd.nextInt(4);
        int ldc = n + rnd.nextInt(3);
        // Inf/NaN per element: none for most problems, else rare enough that most outputs stay finite.
        double specialRate = rnd.nextInt(3) == 0 ? 0.5 / (k + 1) : 0;
        byte[] a = codes(rnd, fa, aOff, lda, m, k, profile, specialRate);
        byte[] b = codes(rnd, fb, bOff, ldb, k, n, profile, specialRate);
        float[] c = new float[cOff + Math.max(0, m - 1) * ldc + n + rnd.nextInt(3)];
        for (int i = 0; i < c.length; i++) {
            c[i] = preload(rnd);
        }
        return new Problem(m, n, k, fa, fb, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** A preload / bias value: mostly ordinary, sometimes -0, +0, NaN (non-canonical) or Inf. */
    private static float preload(SplittableRandom rnd) {
        return switch (rnd.nextInt(40)) {
            case 0 -> -0.0f;
            case 1 -> 0.0f;
            case 2 -> Float.intBitsToFloat(0xFFC0_0001);
            case 3 -> Float.NEGATIVE_INFINITY;
            default -> (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(-10, 10)));
        };
    }

    private static byte[] codes(SplittableRandom rnd, FloatFormat f, int off, int ld, int rows, int cols,
                                Profile profile, double specialRate) {
        byte[] x = new byte[off + Math.max(0, rows - 1) * ld + cols + rnd.nextInt(3)];
        // Padding is NaN: reading it would poison an output.
        Arrays.fill(x, (byte) f.nanCode(NanPolicy.MLDTYPES, false));
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[off + r * ld + col] = (byte) code(rnd, f, profile, specialRate);
            }
        }
        return x;
    }

    static int code(SplittableRandom rnd, FloatFormat f, Profile profile, double specialRate) {
        boolean negative = rnd.nextBoolean();
        if (specialRate > 0 && rnd.nextDouble() < specialRate) {
            return f.hasInfinity() && rnd.nextBoolean()
                    ? f.infinityCode() | (negative ? f.signMask() : 0)
                    : f.nanCode(NanPolicy.MLDTYPES, negative);
        }
        int max = f.maxFiniteCode();
        int one = f.bias() << f.manBits();
        int magnitude = switch (profile) {
            case UNIFORM -> rnd.nextInt(max + 1);
            case EDGE -> switch (rnd.nextInt(8)) {
                case 0 -> 0;
                case 1 -> rnd.nextInt(1, f.minNormalCode());                 // subnormal
                case 2 -> max;
                case 3, 4 -> Math.min(max, one + rnd.nextInt(-4, 5));        // near 1
                default -> rnd.nextInt(max + 1);
            };
            case CANCEL -> rnd.nextBoolean()
                    ? rnd.nextInt(max - 8, max + 1)                            // the top binades
                    : rnd.nextInt(one - 3 * f.minNormalCode(), one + 1);       // 1/8 .. 1
            case MODERATE -> Math.max(0, Math.min(max, one + rnd.nextInt(-6 << f.manBits(), 5 << f.manBits())));
        };
        // FNUZ has no -0: its sign bit on a zero magnitude is the NaN code.
        return negative && (magnitude != 0 || f.hasNegativeZero()) ? magnitude | f.signMask() : magnitude;
    }

    /** Dimensions of ragged problems: not multiples of the array, of the kernel's 2 x 4 blocking or of the panel. */
    static final int[] SIZES = {1, 3, 15, 16, 17, 31, 64, 100};

    static List<int[]> allSizeTriples() {
        List<int[]> out = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    out.add(new int[] {m, n, k});
                }
            }
        }
        return out;
    }
}
