package io.github.fp8sim.datapath.mac;

/**
 * The inner loops of the fast FP32-accumulation path, on decoded operands: an output row
 * {@code acc[j] += s[k] * v[k][j]} for k in [k0, k1), in increasing k for every j.
 *
 * <p>{@code v} holds rows {@code vBase ..} of the vectorised operand: product k uses {@code v[k - vBase]}.
 *
 * <p>Why this shape: C2 auto-vectorises a loop over j when every array in it is its own
 * {@code float[]} indexed by j (ARCHITECTURE.md section 4, "Speed facts"); vectorising across j
 * keeps each output's k order. Two output rows share each loaded {@code v} row, and four k steps share
 * each load and store of {@code acc}: {@code (((acc + p0) + p1) + p2) + p3} is still one rounded
 * addition per product, in k order (Java evaluates left to right and never fuses into an FMA). Larger
 * bodies (three rows x four k, or more) exceed C2's default loop-unroll budget and stop vectorising,
 * which measured four to five times slower. Each j loop is a method of its own: with the loop over k
 * around it in the same method, C2 (JDK 25) compiled it unvectorised in about one JVM run in three.
 */
final class Fp32Kernel {

    private Fp32Kernel() {
    }

    /** Two output rows: acc0 from s0, acc1 from s1, over {@code len} columns. */
    static void rows2(float[] acc0, float[] acc1, float[] s0, float[] s1, float[][] v, int vBase, int k0, int k1,
                      int len) {
        int k = k0;
        for (; k + 4 <= k1; k += 4) {
            int i = k - vBase;
            quad2(acc0, acc1, v[i], v[i + 1], v[i + 2], v[i + 3],
                    s0[k], s0[k + 1], s0[k + 2], s0[k + 3], s1[k], s1[k + 1], s1[k + 2], s1[k + 3], len);
        }
        for (; k < k1; k++) {
            single2(acc0, acc1, v[k - vBase], s0[k], s1[k], len);
        }
    }

    /** One output row (the odd last row). */
    static void rows1(float[] acc0, float[] s0, float[][] v, int vBase, int k0, int k1, int len) {
        int k = k0;
        for (; k + 4 <= k1; k += 4) {
            int i = k - vBase;
            quad1(acc0, v[i], v[i + 1], v[i + 2], v[i + 3], s0[k], s0[k + 1], s0[k + 2], s0[k + 3], len);
        }
        for (; k < k1; k++) {
            single1(acc0, v[k - vBase], s0[k], len);
        }
    }

    /** acc[j] = acc[j] + psum[j]: a partial sum reaches the accumulator. */
    static void addRow(float[] acc, float[] psum, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + psum[j];
        }
    }

    private static void quad2(float[] acc0, float[] acc1, float[] v0, float[] v1, float[] v2, float[] v3,
                              float a00, float a01, float a02, float a03,
                              float a10, float a11, float a12, float a13, int len) {
        for (int j = 0; j < len; j++) {
            acc0[j] = acc0[j] + a00 * v0[j] + a01 * v1[j] + a02 * v2[j] + a03 * v3[j];
            acc1[j] = acc1[j] + a10 * v0[j] + a11 * v1[j] + a12 * v2[j] + a13 * v3[j];
        }
    }

    private static void quad1(float[] acc0, float[] v0, float[] v1, float[] v2, float[] v3,
                              float a0, float a1, float a2, float a3, int len) {
        for (int j = 0; j < len; j++) {
            acc0[j] = acc0[j] + a0 * v0[j] + a1 * v1[j] + a2 * v2[j] + a3 * v3[j];
        }
    }

    private static void single2(float[] acc0, float[] acc1, float[] v0, float a0, float a1, int len) {
        for (int j = 0; j < len; j++) {
            acc0[j] = acc0[j] + a0 * v0[j];
            acc1[j] = acc1[j] + a1 * v0[j];
        }
    }

    private static void single1(float[] acc0, float[] v0, float a0, int len) {
        for (int j = 0; j < len; j++) {
            acc0[j] = acc0[j] + a0 * v0[j];
        }
    }
}
