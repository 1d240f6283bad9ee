package io.github.fp8sim.datapath.mac;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optional Vector API kernel for FP32 accumulation ({@code jdk.incubator.vector}; selected by
 * {@link MacArray} only when the {@code fp8sim.vector} property is {@code true} and the module is in the
 * boot layer, and reached only by reflection, so a JVM without the module never loads this class).
 *
 * <p>Same numerics as the plain kernel, bit for bit: out[r][l] op= s[r][k] * v[k][l] with every output's
 * products added one at a time in increasing k, {@code acc.add(x.mul(b))} lane-wise (a product of two
 * decoded 8-bit values is exact in FP32; never {@code fma}), partial sums of {@code runLength} products
 * from +0.0f added to the accumulator ({@code acc + psum}) in WS/IS and chunked OS. Vectorising across l
 * (the output's columns, or its rows when transposed) keeps every output's order.
 *
 * <p>How it is fast (ARCHITECTURE.md section 4, "Speed facts"): a register tile of 6 output rows x 4
 * vectors (24 accumulators; one row where vectors are narrower than 512 bits, as AVX2 has 16 registers)
 * runs over a whole block of k with four vector loads and one broadcast per row per k. v is packed in
 * strips of {@code W = 4 * VL} columns, k-major within a strip, zero-padded to whole strips (padded lanes
 * are computed, never stored). s is not packed: the tile decodes its codes through the table as it
 * broadcasts them, scalar loads the vector loop hides (packing s cost a third of the time of a ResNet
 * layer, where each code of s meets only 64 columns). On a 2-vCPU AVX-512 (Zen 4) host, tiles over
 * cached operands ran at ~45 GMAC/s as 6 x 4, ~43 as 8 x 3 and ~38 as 12 x 2 (its broadcasts cost), and
 * 64 columns (a ResNet layer's N) are one whole strip. Blocking follows the plain kernel's: panels of l,
 * blocks of output rows, blocks of k that are multiples of the run length (partial sums never straddle
 * two blocks); between k blocks the accumulators go through the FP32 output buffer, which rounds nothing.
 *
 * <p>Single-threaded; a call allocates one block of packed v and one block of output rows, nothing per
 * element.
 */
final class VectorGemm implements MacArray.Fp32Gemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes of one vector. */
    private static final int VL = S.length();

    /** Columns of one register tile and one packed strip of v: four vectors. */
    private static final int W = 4 * VL;

    /** Rows of the small tile: the last rows of a problem, and the main tile where registers are few. */
    private static final int SMALL_ROWS = 1;

    /**
     * Rows of the main register tile: 6 x 4 accumulators + 4 loaded vectors + 1 broadcast fit AVX-512's
     * 32 registers; with 16 registers (AVX2) one row.
     */
    static final int DEFAULT_TILE_ROWS = S.vectorBitSize() >= 512 ? 6 : SMALL_ROWS;

    private final int panelLimit;
    private final int vBlockFloats;
    private final int outBlockFloats;
    private final int tileRows;

    /** With MacArray's blocking; called by reflection. */
    VectorGemm(int panelLimit, int vBlockFloats, int outBlockFloats) {
        this(panelLimit, vBlockFloats, outBlockFloats, DEFAULT_TILE_ROWS);
    }

    /** With another main tile height (6 or 1), for tests. */
    VectorGemm(int panelLimit, int vBlockFloats, int outBlockFloats, int tileRows) {
        if (tileRows != 6 && tileRows != SMALL_ROWS) {
            throw new IllegalArgumentException("tile rows must be 6 or 1, got " + tileRows);
        }
        this.panelLimit = panelLimit;
        this.vBlockFloats = vBlockFloats;
        this.outBlockFloats = outBlockFloats;
        this.tileRows = tileRows;
    }

    /** Columns per vector: for tests and reports. */
    static int lanes() {
        return VL;
    }

    /** Columns per strip (four vectors): for tests. */
    static int stripWidth() {
        return W;
    }

    /**
     * Whether to compute C<sup>T</sup> (vectorised across M) rather than C (across N): the orientation that
     * computes fewer padded elements (l is padded to whole strips), C on a tie. Neither choice changes any
     * output's k order.
     */
    static boolean transposed(int m, int n) {
        return (long) n * roundUp(m, W) < (long) m * roundUp(n, W);
    }

    @Override
    public void gemm(float[] ta, byte[] a, int aOff, int lda, float[] tb, byte[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate, int runLength) {
        boolean transposed = transposed(m, n);
        int rowsS = transposed ? n : m;
        int lenV = transposed ? m : n;
        // s(r, kk) = A(r, kk), v(kk, l) = B(kk, l); transposed: s(r, kk) = B(kk, r), v(kk, l) = A(l, kk).
        // s(r, kk) is the code sx[sOff + r * rowStride + kk * kStride].
        byte[] sx = transposed ? b : a;
        int sOff = transposed ? bOff : aOff;
        int rowStride = transposed ? 1 : lda;
        int kStride = transposed ? ldb : 1;
        float[] sTable = transposed ? tb : ta;
        byte[] vx = transposed ? a : b;
        int vOff = transposed ? aOff : bOff;
        int vLd = transposed ? lda : ldb;
        float[] vTable = transposed ? ta : tb;

        int panel = Math.max(W, Math.min(panelLimit, roundUp(lenV, W)) / W * W);
        int kBlock = Math.max(1, Math.min(k, vBlockFloats / panel));
        if (runLength > 0) {
            kBlock = runLength >= kBlock ? runLength : kBlock - kBlock % runLength;
        }
        kBlock = Math.max(1, Math.min(kBlock, k));
        int rowBlock = Math.min(rowsS, Math.max(tileRows, outBlockFloats / panel / tileRows * tileRows));
        float[][] out = new float[rowBlock][panel];
        float[] vp = new float[Math.multiplyExact(kBlock, panel)]; // only an absurd R x panel overflows
        for (int l0 = 0; l0 < lenV; l0 += panel) {
            int len = Math.min(panel, lenV - l0);
            int strips = (len + W - 1) / W;
            for (int r0 = 0; r0 < rowsS; r0 += rowBlock) {
                int rows = Math.min(rowBlock, rowsS - r0);
                MacArray.load(out, r0, rows, c, cOff, ldc, transposed, l0, len, accumulate);
                for (int k0 = 0; k0 < k; k0 += kBlock) {
                    int kLen = Math.min(kBlock, k - k0);
                    packV(vx, vOff, vLd, transposed, vTable, vp, k0, kLen, l0, len, strips);
                    // Row tiles outside, strips inside: the tile's codes of s stay in L1 while the block of v
                    // streams from L2.
                    for (int i = 0; i < rows; ) {
                        int h = i + tileRows <= rows ? tileRows : SMALL_ROWS;
                        int sBase = sOff + (r0 + i) * rowStride + k0 * kStride;
                        for (int t = 0; t < strips; t++) {
                            tiles(h, out, i, t * W, sTable, sx, sBase, rowStride, kStride, vp, t * kLen * W, kLen,
                                    runLength);
                        }
                        i += h;
                    }
                }
                MacArray.store(out, r0, rows, c, cOff, ldc, transposed, l0, len);
            }
        }
    }

    /**
     * One register tile over the k block, whose first code of s is {@code x[sBase]}: the whole block in
     * OS, else one partial sum per run.
     */
    private static void tiles(int h, float[][] out, int i, int j, float[] table, byte[] x, int sBase, int rowStride,
                              int kStride, float[] vp, int vBase, int kLen, int runLength) {
        if (runLength == 0) {
            tile(h, out, i, j, table, x, sBase, rowStride, kStride, vp, vBase, kLen, false);
            return;
        }
        // The k block starts on a run boundary (kBlock is a multiple of the run length, or the run).
        for (int t0 = 0; t0 < kLen; t0 += runLength) {
            tile(h, out, i, j, table, x, sBase + t0 * kStride, rowStride, kStride, vp, vBase + t0 * W,
                    Math.min(runLength, kLen - t0), true);
        }
    }

    private static void tile(int h, float[][] out, int i, int j, float[] table, byte[] x, int sBase, int rowStride,
                             int kStride, float[] vp, int vBase, int kLen, boolean partial) {
        if (h == 6) {
            tile6(out, i, j, table, x, sBase, rowStride, kStride, vp, vBase, kLen, partial);
        } else {
            tile1(out, i, j, table, x, sBase, rowStride, kStride, vp, vBase, kLen, partial);
        }
    }

    /**
     * Packs v(kk, l0 + jl) for kk in [k0, k0 + kLen), jl < len into strips: {@code vp[t * kLen * W + (kk - k0)
     * * W + (jl - t * W)]} for strip t = jl / W; columns [len, strips * W) are zero.
     */
    private static void packV(byte[] x, int off, int ld, boolean transposed, float[] table, float[] vp, int k0,
                              int kLen, int l0, int len, int strips) {
        int stripFloats = kLen * W;
        if (!transposed) {
            // v(kk, l) = x[off + kk * ld + l]: each source row is cut into strips.
            for (int kk = 0; kk < kLen; kk++) {
                int src = off + (k0 + kk) * ld + l0;
                for (int t = 0; t < strips; t++) {
                    int dst = t * stripFloats + kk * W;
                    int c0 = t * W;
                    int width = Math.min(W, len - c0);
                    for (int jj = 0; jj < width; jj++) {
                        vp[dst + jj] = table[x[src + c0 + jj] & 0xFF];
                    }
                    if (width < W) {
                        Arrays.fill(vp, dst + width, dst + W, 0.0f);
                    }
                }
            }
        } else {
            // v(kk, l) = x[off + l * ld + kk]: each source row is one column of a strip.
            for (int jl = 0; jl < len; jl++) {
                int src = off + (l0 + jl) * ld + k0;
                int dst = (jl / W) * stripFloats + jl % W;
                for (int kk = 0; kk < kLen; kk++) {
                    vp[dst + kk * W] = table[x[src + kk] & 0xFF];
                }
            }
            int t = strips - 1;
            int width = len - t * W;
            if (width < W) {
                for (int kk = 0; kk < kLen; kk++) {
                    int dst = t * stripFloats + kk * W;
                    Arrays.fill(vp, dst + width, dst + W, 0.0f);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    // ---------------------------------------------------------------------------------------------
    // Register tiles, written out: the accumulators must be locals for C2 to keep them in registers.
    // Row i0 + r of s at the current k is the code x[p_r + q]; vp[v .. v + W) is the current k's strip of v.

    /** Output rows {@code i0 .. i0 + 5}, columns {@code [j, j + W)}: 24 accumulators held in registers. */
    private static void tile6(float[][] out, int i0, int j, float[] table, byte[] x, int sBase, int rowStride,
                              int kStride, float[] vp, int vBase, int kLen, boolean partial) {
        float[] o0 = out[i0]; float[] o1 = out[i0 + 1]; float[] o2 = out[i0 + 2];
        float[] o3 = out[i0 + 3]; float[] o4 = out[i0 + 4]; float[] o5 = out[i0 + 5];
        FloatVector c0a, c0b, c0c, c0d, c1a, c1b, c1c, c1d;
        FloatVector c2a, c2b, c2c, c2d, c3a, c3b, c3c, c3d;
        FloatVector c4a, c4b, c4c, c4d, c5a, c5b, c5c, c5d;
        if (partial) { // a partial sum starts at +0.0f
            FloatVector zero = FloatVector.zero(S);
            c0a = zero; c0b = zero; c0c = zero; c0d = zero;
            c1a = zero; c1b = zero; c1c = zero; c1d = zero;
            c2a = zero; c2b = zero; c2c = zero; c2d = zero;
            c3a = zero; c3b = zero; c3c = zero; c3d = zero;
            c4a = zero; c4b = zero; c4c = zero; c4d = zero;
            c5a = zero; c5b = zero; c5c = zero; c5d = zero;
        } else { // the accumulators continue from out
            c0a = FloatVector.fromArray(S, o0, j); c0b = FloatVector.fromArray(S, o0, j + VL);
            c0c = FloatVector.fromArray(S, o0, j + 2 * VL); c0d = FloatVector.fromArray(S, o0, j + 3 * VL);
            c1a = FloatVector.fromArray(S, o1, j); c1b = FloatVector.fromArray(S, o1, j + VL);
            c1c = FloatVector.fromArray(S, o1, j + 2 * VL); c1d = FloatVector.fromArray(S, o1, j + 3 * VL);
            c2a = FloatVector.fromArray(S, o2, j); c2b = FloatVector.fromArray(S, o2, j + VL);
            c2c = FloatVector.fromArray(S, o2, j + 2 * VL); c2d = FloatVector.fromArray(S, o2, j + 3 * VL);
            c3a = FloatVector.fromArray(S, o3, j); c3b = FloatVector.fromArray(S, o3, j + VL);
            c3c = FloatVector.fromArray(S, o3, j + 2 * VL); c3d = FloatVector.fromArray(S, o3, j + 3 * VL);
            c4a = FloatVector.fromArray(S, o4, j); c4b = FloatVector.fromArray(S, o4, j + VL);
            c4c = FloatVector.fromArray(S, o4, j + 2 * VL); c4d = FloatVector.fromArray(S, o4, j + 3 * VL);
            c5a = FloatVector.fromArray(S, o5, j); c5b = FloatVector.fromArray(S, o5, j + VL);
            c5c = FloatVector.fromArray(S, o5, j + 2 * VL); c5d = FloatVector.fromArray(S, o5, j + 3 * VL);
        }
        int p0 = sBase, p1 = sBase + rowStride, p2 = sBase + 2 * rowStride;
        int p3 = sBase + 3 * rowStride, p4 = sBase + 4 * rowStride, p5 = sBase + 5 * rowStride;
        for (int kk = 0, q = 0, v = vBase; kk < kLen; kk++, q += kStride, v += W) {
            FloatVector b0 = FloatVector.fromArray(S, vp, v);
            FloatVector b1 = FloatVector.fromArray(S, vp, v + VL);
            FloatVector b2 = FloatVector.fromArray(S, vp, v + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, vp, v + 3 * VL);
            FloatVector s;
            s = FloatVector.broadcast(S, table[x[p0 + q] & 0xFF]);
            c0a = c0a.add(s.mul(b0)); c0b = c0b.add(s.mul(b1)); c0c = c0c.add(s.mul(b2)); c0d = c0d.add(s.mul(b3));
            s = FloatVector.broadcast(S, table[x[p1 + q] & 0xFF]);
            c1a = c1a.add(s.mul(b0)); c1b = c1b.add(s.mul(b1)); c1c = c1c.add(s.mul(b2)); c1d = c1d.add(s.mul(b3));
            s = FloatVector.broadcast(S, table[x[p2 + q] & 0xFF]);
            c2a = c2a.add(s.mul(b0)); c2b = c2b.add(s.mul(b1)); c2c = c2c.add(s.mul(b2)); c2d = c2d.add(s.mul(b3));
            s = FloatVector.broadcast(S, table[x[p3 + q] & 0xFF]);
            c3a = c3a.add(s.mul(b0)); c3b = c3b.add(s.mul(b1)); c3c = c3c.add(s.mul(b2)); c3d = c3d.add(s.mul(b3));
            s = FloatVector.broadcast(S, table[x[p4 + q] & 0xFF]);
            c4a = c4a.add(s.mul(b0)); c4b = c4b.add(s.mul(b1)); c4c = c4c.add(s.mul(b2)); c4d = c4d.add(s.mul(b3));
            s = FloatVector.broadcast(S, table[x[p5 + q] & 0xFF]);
            c5a = c5a.add(s.mul(b0)); c5b = c5b.add(s.mul(b1)); c5c = c5c.add(s.mul(b2)); c5d = c5d.add(s.mul(b3));
        }
        if (partial) { // the accumulator adds the partial sum: acc + psum
            c0a = FloatVector.fromArray(S, o0, j).add(c0a);
            c0b = FloatVector.fromArray(S, o0, j + VL).add(c0b);
            c0c = FloatVector.fromArray(S, o0, j + 2 * VL).add(c0c);
            c0d = FloatVector.fromArray(S, o0, j + 3 * VL).add(c0d);
            c1a = FloatVector.fromArray(S, o1, j).add(c1a);
            c1b = FloatVector.fromArray(S, o1, j + VL).add(c1b);
            c1c = FloatVector.fromArray(S, o1, j + 2 * VL).add(c1c);
            c1d = FloatVector.fromArray(S, o1, j + 3 * VL).add(c1d);
            c2a = FloatVector.fromArray(S, o2, j).add(c2a);
            c2b = FloatVector.fromArray(S, o2, j + VL).add(c2b);
            c2c = FloatVector.fromArray(S, o2, j + 2 * VL).add(c2c);
            c2d = FloatVector.fromArray(S, o2, j + 3 * VL).add(c2d);
            c3a = FloatVector.fromArray(S, o3, j).add(c3a);
            c3b = FloatVector.fromArray(S, o3, j + VL).add(c3b);
            c3c = FloatVector.fromArray(S, o3, j + 2 * VL).add(c3c);
            c3d = FloatVector.fromArray(S, o3, j + 3 * VL).add(c3d);
            c4a = FloatVector.fromArray(S, o4, j).add(c4a);
            c4b = FloatVector.fromArray(S, o4, j + VL).add(c4b);
            c4c = FloatVector.fromArray(S, o4, j + 2 * VL).add(c4c);
            c4d = FloatVector.fromArray(S, o4, j + 3 * VL).add(c4d);
            c5a = FloatVector.fromArray(S, o5, j).add(c5a);
            c5b = FloatVector.fromArray(S, o5, j + VL).add(c5b);
            c5c = FloatVector.fromArray(S, o5, j + 2 * VL).add(c5c);
            c5d = FloatVector.fromArray(S, o5, j + 3 * VL).add(c5d);
        }
        c0a.intoArray(o0, j); c0b.intoArray(o0, j + VL); c0c.intoArray(o0, j + 2 * VL); c0d.intoArray(o0, j + 3 * VL);
        c1a.intoArray(o1, j); c1b.intoArray(o1, j + VL); c1c.intoArray(o1, j + 2 * VL); c1d.intoArray(o1, j + 3 * VL);
        c2a.intoArray(o2, j); c2b.intoArray(o2, j + VL); c2c.intoArray(o2, j + 2 * VL); c2d.intoArray(o2, j + 3 * VL);
        c3a.intoArray(o3, j); c3b.intoArray(o3, j + VL); c3c.intoArray(o3, j + 2 * VL); c3d.intoArray(o3, j + 3 * VL);
        c4a.intoArray(o4, j); c4b.intoArray(o4, j + VL); c4c.intoArray(o4, j + 2 * VL); c4d.intoArray(o4, j + 3 * VL);
        c5a.intoArray(o5, j); c5b.intoArray(o5, j + VL); c5c.intoArray(o5, j + 2 * VL); c5d.intoArray(o5, j + 3 * VL);
    }

    /** Output row {@code i0}, columns {@code [j, j + W)}: 4 accumulators held in registers. */
    private static void tile1(float[][] out, int i0, int j, float[] table, byte[] x, int sBase, int rowStride,
                              int kStride, float[] vp, int vBase, int kLen, boolean partial) {
        float[] o0 = out[i0];
        FloatVector c0a, c0b, c0c, c0d;
        if (partial) { // a partial sum starts at +0.0f
            FloatVector zero = FloatVector.zero(S);
            c0a = zero; c0b = zero; c0c = zero; c0d = zero;
        } else { // the accumulators continue from out
            c0a = FloatVector.fromArray(S, o0, j); c0b = FloatVector.fromArray(S, o0, j + VL);
            c0c = FloatVector.fromArray(S, o0, j + 2 * VL); c0d = FloatVector.fromArray(S, o0, j + 3 * VL);
        }
        for (int kk = 0, q = sBase, v = vBase; kk < kLen; kk++, q += kStride, v += W) {
            FloatVector b0 = FloatVector.fromArray(S, vp, v);
            FloatVector b1 = FloatVector.fromArray(S, vp, v + VL);
            FloatVector b2 = FloatVector.fromArray(S, vp, v + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, vp, v + 3 * VL);
            FloatVector s;
            s = FloatVector.broadcast(S, table[x[q] & 0xFF]);
            c0a = c0a.add(s.mul(b0)); c0b = c0b.add(s.mul(b1)); c0c = c0c.add(s.mul(b2)); c0d = c0d.add(s.mul(b3));
        }
        if (partial) { // the accumulator adds the partial sum: acc + psum
            c0a = FloatVector.fromArray(S, o0, j).add(c0a);
            c0b = FloatVector.fromArray(S, o0, j + VL).add(c0b);
            c0c = FloatVector.fromArray(S, o0, j + 2 * VL).add(c0c);
            c0d = FloatVector.fromArray(S, o0, j + 3 * VL).add(c0d);
        }
        c0a.intoArray(o0, j); c0b.intoArray(o0, j + VL); c0c.intoArray(o0, j + 2 * VL); c0d.intoArray(o0, j + 3 * VL);
    }
}
