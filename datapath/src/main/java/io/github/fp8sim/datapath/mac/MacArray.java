package io.github.fp8sim.datapath.mac;

import io.github.fp8sim.datapath.format.DecodeTable;
import io.github.fp8sim.datapath.format.FloatFormat;
import java.util.Arrays;
import java.util.Objects;

/**
 * The FP8 MAC array: a systolic array of {@link ArrayShape} processing elements computing
 * C (M x N, FP32) op= A (M x K, 8-bit codes) times B (K x N, 8-bit codes) bit-exactly, in the
 * accumulation order its {@link ArrayDataflow} and {@link Accumulation} define (ARCHITECTURE.md section 2;
 * spelled out in {@link ReferenceGemm}, the scalar oracle this class is tested against bit for bit).
 *
 * <p>How the fast path is built. The output is computed as rows: out[r][l] += s[r][k] * v[k][l], with
 * out = C, s = A, v = B when N >= M, else out = C<sup>T</sup>, s = B<sup>T</sup>, v = A<sup>T</sup>, so
 * that the vectorised side l is the longer one (neither choice changes any output's k order). Operands
 * are decoded through their {@link DecodeTable}s while packed into one {@code float[]} per row: s
 * once per call, v a block of k rows at a time into a reused buffer that stays in L2. Blocks go in
 * increasing k; within a block, {@link Fp32Kernel} updates two output rows four k at a time,
 * vectorised across l. Partial sums (WS/IS tiles, OS chunks) restart at block boundaries, which are
 * multiples of the run length. Narrow accumulators take a scalar path over the same blocks with one
 * exact rounding per addition.
 *
 * <p>The optional Vector API kernel. With the system property {@code fp8sim.vector=true} and the
 * incubator module {@code jdk.incubator.vector} in the boot layer (the JVM started with
 * {@code --add-modules jdk.incubator.vector}), FP32-accumulation GEMMs run {@code VectorGemm} instead: a
 * register-tiled kernel over the same accumulation order, tested bit for bit against the same
 * reference. It is reached only by reflection behind that check, so a JVM without the module never loads
 * it; otherwise, and for narrow accumulators and {@link #gemmF32}, the plain-Java kernel above runs.
 *
 * <p>Work is single-threaded; a call allocates its packing buffers (the shorter operand decoded, a
 * block of output rows of at most 4 MiB and one block of v) and nothing per element. Instances are
 * immutable and may be shared by threads.
 */
public final class MacArray {

    /**
     * Longest stretch of l processed at once. Longer rows run faster (the vector loop's entry and exit
     * are paid per row and k step: 128 columns ran at half the speed of 3136), so this only keeps the
     * accumulator rows of very wide problems out of L3.
     */
    static final int PANEL = 8192;

    /** Floats in one block of packed v rows: 512 KiB, half of a 1 MiB L2. */
    static final int V_BLOCK_FLOATS = 1 << 17;

    /**
     * Floats of output rows held at once (4 MiB): bounds the buffer of very large outputs; the v blocks
     * are packed again for each block of rows, one decode per this many MACs over a row block's width.
     */
    static final int OUT_BLOCK_FLOATS = 1 << 20;

    /** Rows of a strided matrix walked at once by a transposing copy: 256 cache lines, 16 KiB of L1. */
    private static final int TRANSPOSE_TILE = 256;

    private static final float CANONICAL_NAN = Float.intBitsToFloat(ReferenceGemm.CANONICAL_NAN);

    /** The system property that asks for the Vector API kernel ({@code true}). */
    static final String VECTOR_PROPERTY = "fp8sim.vector";

    /** The incubator module the Vector API kernel needs at run time. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Named, never linked: loading it needs {@link #VECTOR_MODULE}. */
    private static final String VECTOR_CLASS = "io.github.fp8sim.datapath.mac.VectorGemm";

    /** The inner kernel of FP32-accumulation GEMMs. */
    enum Kernel {
        /** The plain-Java kernel ({@link Fp32Kernel}), auto-vectorised by C2. */
        PLAIN("plain"),
        /** The Vector API kernel ({@code VectorGemm}): needs {@link #VECTOR_MODULE}. */
        VECTOR("vector");

        private final String label;

        Kernel(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * The kernel chosen from the property's value and the module's presence: VECTOR only when the
     * property is {@code true} (any case, as {@link Boolean#parseBoolean}) and the module is present.
     */
    static Kernel selectKernel(String property, boolean modulePresent) {
        return Boolean.parseBoolean(property) && modulePresent ? Kernel.VECTOR : Kernel.PLAIN;
    }

    /** A whole GEMM with FP32 accumulation in the array's order; what the optional kernel implements. */
    interface Fp32Gemm {
        /**
         * C op= A times B with decoded operands {@code ta[code]}, {@code tb[code]}; partial sums of
         * {@code runLength} products (0: none). Arguments are checked and M, N > 0; the implementation
         * writes every NaN output as 0x7FC00000.
         */
        void gemm(float[] ta, byte[] a, int aOff, int lda, float[] tb, byte[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate, int runLength);
    }

    /** The process-wide choice, made on first use from the property and the boot layer. */
    private static final class DefaultKernel {
        static final Kernel KERNEL = selectKernel(System.getProperty(VECTOR_PROPERTY),
                ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
    }

    /** Instantiates the Vector API kernel reflectively, so that this class never links it. */
    private static Fp32Gemm vectorGemm(int panelLimit, int vBlockFloats, int outBlockFloats) {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new IllegalStateException("the Vector API kernel needs the JVM option --add-modules "
                    + VECTOR_MODULE);
        }
        try {
            return Class.forName(VECTOR_CLASS).asSubclass(Fp32Gemm.class)
                    .getDeclaredConstructor(int.class, int.class, int.class)
                    .newInstance(panelLimit, vBlockFloats, outBlockFloats);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the Vector API kernel " + VECTOR_CLASS, e);
        }
    }

    /** Fills {@code dst[kk - k0][j]} with v(kk, l0 + j), decoded, for kk in [k0, k1) and j < len. */
    @FunctionalInterface
    private interface BlockPacker {
        void pack(float[][] dst, int k0, int k1, int l0, int len);
    }

    private final ArrayShape shape;
    private final ArrayDataflow dataflow;
    private final Accumulation accumulation;
    private final int panelLimit;
    private final int vBlockFloats;
    private final int outBlockFloats;
    /** The Vector API kernel when chosen, else null. */
    private final Fp32Gemm vector;

    /**
     * @param shape the array's R x C processing elements; R is the reduction height of WS and IS
     * @param dataflow the mapping, which fixes the accumulation order
     * @param accumulation the accumulator format and OS chunk length ({@link Accumulation#FP32} by default)
     */
    public MacArray(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation) {
        this(shape, dataflow, accumulation, PANEL, V_BLOCK_FLOATS, OUT_BLOCK_FLOATS, DefaultKernel.KERNEL);
    }

    /** With other blocking, for tests: small blocks put block and panel edges inside small problems. */
    MacArray(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation, int panelLimit, int vBlockFloats,
             int outBlockFloats) {
        this(shape, dataflow, accumulation, panelLimit, vBlockFloats, outBlockFloats, DefaultKernel.KERNEL);
    }

    /**
     * With other blocking and a given kernel, for tests.
     *
     * @throws IllegalStateException for {@link Kernel#VECTOR} in a JVM without {@link #VECTOR_MODULE}
     */
    MacArray(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation, int panelLimit, int vBlockFloats,
             int outBlockFloats, Kernel kernel) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.dataflow = Objects.requireNonNull(dataflow, "dataflow");
        this.accumulation = Objects.requireNonNull(accumulation, "accumulation");
        if (panelLimit < 1 || vBlockFloats < 1 || outBlockFloats < 1) {
            throw new IllegalArgumentException("blocking must be positive: panel " + panelLimit + ", v block "
                    + vBlockFloats + ", output block " + outBlockFloats);
        }
        this.panelLimit = panelLimit;
        this.vBlockFloats = vBlockFloats;
        this.outBlockFloats = outBlockFloats;
        this.vector = Objects.requireNonNull(kernel, "kernel") == Kernel.VECTOR
                ? vectorGemm(panelLimit, vBlockFloats, outBlockFloats) : null;
    }

    public ArrayShape shape() {
        return shape;
    }

    public ArrayDataflow dataflow() {
        return dataflow;
    }

    public Accumulation accumulation() {
        return accumulation;
    }

    /**
     * The inner kernel {@link #gemm} runs: {@code "vector"} (the Vector API kernel, chosen by
     * {@code -Dfp8sim.vector=true} with {@code --add-modules jdk.incubator.vector}, FP32 accumulation
     * only) or {@code "plain"}. Both compute the same bits.
     */
    public String kernelName() {
        return (vector != null && accumulation.isFp32() && !accumulation.isFused() ? Kernel.VECTOR : Kernel.PLAIN)
                .label();
    }

    /**
     * C (M x N) op= A (M x K) times B (K x N). Matrices are row-major: element (r, col) of A is
     * {@code a[aOff + r * lda + col]}, and likewise for B and C. Codes are read as unsigned bytes and
     * decoded in their format. After the call every NaN among the M x N outputs is 0x7FC00000; elements
     * of {@code c} outside the M x N block are not touched.
     *
     * @param fa A's format (8 bits or narrower)
     * @param fb B's format (8 bits or narrower)
     * @param accumulate true: the initial accumulator is C's current contents (preload, bias or partial
     *     results); false: +0.0f
     * @throws IllegalArgumentException for negative dimensions, a leading dimension smaller than its row,
     *     or an operand format wider than 8 bits
     * @throws IndexOutOfBoundsException if a matrix does not fit its array at its offset
     */
    public void gemm(byte[] a, int aOff, int lda, FloatFormat fa, byte[] b, int bOff, int ldb, FloatFormat fb,
                     float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        GemmArgs.checkFormat("A", fa);
        GemmArgs.checkFormat("B", fb);
        GemmArgs.check(a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc, m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        float[] ta = DecodeTable.of(fa).copyOfValues();
        float[] tb = DecodeTable.of(fb).copyOfValues();
        if (accumulation.isFused()) {
            fusedGemm(ta, a, aOff, lda, tb, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
            return;
        }
        if (vector != null && accumulation.isFp32()) {
            vector.gemm(ta, a, aOff, lda, tb, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate, runLength());
            return;
        }
        // Vectorise across the longer output side: loops over 64 columns (a ResNet layer's N) spend most
        // of their time entering and leaving the vector loop.
        boolean transposed = m > n;
        int rowsS = transposed ? n : m;
        float[][] s = new float[rowsS][k];
        BlockPacker v;
        if (transposed) {
            // s(r, kk) = B(kk, r); v(kk, l) = A(l, kk).
            pack(b, bOff, ldb, true, tb, s, 0, rowsS, 0, k);
            v = (dst, k0, k1, l0, len) -> pack(a, aOff, lda, true, ta, dst, k0, k1 - k0, l0, len);
        } else {
            pack(a, aOff, lda, false, ta, s, 0, rowsS, 0, k);
            v = (dst, k0, k1, l0, len) -> pack(b, bOff, ldb, false, tb, dst, k0, k1 - k0, l0, len);
        }
        run(s, v, rowsS, transposed ? m : n, k, c, cOff, ldc, transposed, accumulate);
    }

    /**
     * The same array with FP32 operands: the identical packing, blocking, loops and accumulation order,
     * but products rounded to FP32 (they are no longer exact). The plain FP32 baseline the FP8 kernel is
     * benchmarked against, and an FP32 GEMM in the array's order. Arguments as in {@link #gemm}.
     */
    public void gemmF32(float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        GemmArgs.check(a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc, m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        boolean transposed = m > n;
        int rowsS = transposed ? n : m;
        float[][] s = new float[rowsS][k];
        BlockPacker v;
        if (transposed) {
            pack(b, bOff, ldb, true, s, 0, rowsS, 0, k);
            v = (dst, k0, k1, l0, len) -> pack(a, aOff, lda, true, dst, k0, k1 - k0, l0, len);
        } else {
            pack(a, aOff, lda, false, s, 0, rowsS, 0, k);
            v = (dst, k0, k1, l0, len) -> pack(b, bOff, ldb, false, dst, k0, k1 - k0, l0, len);
        }
        run(s, v, rowsS, transposed ? m : n, k, c, cOff, ldc, transposed, accumulate);
    }

    /**
     * The fused ({@code fused:F[:G]}) GEMM: a loop of its own, so that the FP32 kernels stay as they are.
     * One output at a time: each group's products (exact in FP32) go to a buffer of G floats allocated once
     * per call, {@link FusedAdder#group} sums them without allocating, and the accumulator adds the result.
     */
    private void fusedGemm(float[] ta, byte[] a, int aOff, int lda, float[] tb, byte[] b, int bOff, int ldb,
                           float[] c, int cOff, int ldc, int m, int n, int k, boolean accumulate) {
        int g = accumulation.fused().groupFor(shape);
        int f = accumulation.fused().fractionBits();
        float[] products = new float[Math.max(1, Math.min(g, k))];
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                float acc = accumulate ? c[cOff + i * ldc + j] : 0.0f;
                for (int k0 = 0; k0 < k; k0 += g) {
                    int len = (int) Math.min(g, (long) k - k0);
                    int bAt = bOff + k0 * ldb + j;
                    for (int t = 0; t < len; t++) {
                        products[t] = ta[a[aRow + k0 + t] & 0xFF] * tb[b[bAt + t * ldb] & 0xFF];
                    }
                    acc += FusedAdder.group(products, len, f);
                    if (k - k0 <= g) {
                        break;
                    }
                }
                c[cOff + i * ldc + j] = acc != acc ? CANONICAL_NAN : acc;
            }
        }
    }

    /** Multiply-accumulates of an M x N x K GEMM: M * N * K. */
    public static long macs(int m, int n, int k) {
        return (long) m * n * k;
    }

    /** SCALE-Sim compute cycles of an M x N x K GEMM on this array ({@link FoldModel#computeCycles}). */
    public long computeCycles(int m, int n, int k) {
        return FoldModel.computeCycles(dataflow, shape, m, n, k);
    }

    /** SCALE-Sim folds of an M x N x K GEMM on this array ({@link FoldModel#folds}). */
    public long folds(int m, int n, int k) {
        return FoldModel.folds(dataflow, shape, m, n, k);
    }

    // ---------------------------------------------------------------------------------------------
    // The blocked loop nest: out (rowsS x lenV) op= s (rowsS x K) times v (K x lenV), where out is C or,
    // when transposed, C^T.

    private void run(float[][] s, BlockPacker packV, int rowsS, int lenV, int k, float[] c, int cOff, int ldc,
                     boolean transposed, boolean accumulate) {
        int runLength = runLength();
        int panel = Math.min(panelLimit, lenV);
        int kBlock = kBlock(k, panel, runLength, vBlockFloats);
        int rowBlock = Math.max(1, Math.min(rowsS, outBlockFloats / panel));
        float[][] out = new float[rowBlock][panel];
        float[][] vBlock = new float[kBlock][panel];
        float[] psum0 = new float[panel];
        float[] psum1 = new float[panel];
        AccumulatorAdder adder = accumulation.isFp32() ? null : new AccumulatorAdder(accumulation.format());
        for (int l0 = 0; l0 < lenV; l0 += panel) {
            int len = Math.min(panel, lenV - l0);
            for (int r0 = 0; r0 < rowsS; r0 += rowBlock) {
                int rows = Math.min(rowBlock, rowsS - r0);
                load(out, r0, rows, c, cOff, ldc, transposed, l0, len, accumulate);
                for (int k0 = 0; k0 < k; k0 += kBlock) {
                    int k1 = Math.min(k, k0 + kBlock);
                    packV.pack(vBlock, k0, k1, l0, len);
                    if (adder != null) {
                        narrowBlock(adder, out, s, r0, rows, vBlock, k0, k1, len, runLength);
                    } else {
                        fp32Block(out, s, r0, rows, vBlock, k0, k1, len, runLength, psum0, psum1);
                    }
                }
                store(out, r0, rows, c, cOff, ldc, transposed, l0, len);
            }
        }
    }

    /**
     * Partial sums restart every this many products: never in OS without chunks (0), every chunk in OS,
     * every K tile of R (the array's rows) in WS and IS, where the tile is the chunk.
     */
    private int runLength() {
        return switch (dataflow) {
            case OS -> accumulation.chunk();
            case WS, IS -> shape.rows();
        };
    }

    /**
     * k rows per packed block of v: as many as fit {@code blockFloats}, a multiple of 4 (the kernel's
     * k step) and of the run length, so that no partial sum straddles two blocks.
     */
    private static int kBlock(int k, int panel, int runLength, int blockFloats) {
        int kb = Math.max(4, Math.min(k, blockFloats / panel) & ~3);
        if (runLength > 0) {
            kb = runLength >= kb ? runLength : kb - kb % runLength;
        }
        return Math.max(1, Math.min(kb, k));
    }

    /** Products k0..k1-1 into output rows r0..r0+rows-1 (held in out[0..rows-1]), FP32 additions. */
    private static void fp32Block(float[][] out, float[][] s, int r0, int rows, float[][] v, int k0, int k1,
                                  int len, int runLength, float[] psum0, float[] psum1) {
        for (int i = 0; i < rows; i += 2) {
            boolean two = i + 1 < rows;
            int r = r0 + i;
            if (runLength == 0) {
                if (two) {
                    Fp32Kernel.rows2(out[i], out[i + 1], s[r], s[r + 1], v, k0, k0, k1, len);
                } else {
                    Fp32Kernel.rows1(out[i], s[r], v, k0, k0, k1, len);
                }
                continue;
            }
            // k0 is a multiple of runLength (see kBlock), so the runs start at k0.
            for (int t0 = k0; t0 < k1; t0 += runLength) {
                int t1 = Math.min(k1, t0 + runLength);
                Arrays.fill(psum0, 0, len, 0.0f);
                if (two) {
                    Arrays.fill(psum1, 0, len, 0.0f);
                    Fp32Kernel.rows2(psum0, psum1, s[r], s[r + 1], v, k0, t0, t1, len);
                    Fp32Kernel.addRow(out[i + 1], psum1, len);
                } else {
                    Fp32Kernel.rows1(psum0, s[r], v, k0, t0, t1, len);
                }
                Fp32Kernel.addRow(out[i], psum0, len);
            }
        }
    }

    /** Products k0..k1-1 into the outputs, one at a time, each addition rounded to the accumulator format. */
    private static void narrowBlock(AccumulatorAdder adder, float[][] out, float[][] s, int r0, int rows,
                                    float[][] v, int k0, int k1, int len, int runLength) {
        for (int i = 0; i < rows; i++) {
            float[] sr = s[r0 + i];
            float[] acc = out[i];
            for (int j = 0; j < len; j++) {
                float sum = acc[j];
                if (runLength == 0) {
                    for (int kk = k0; kk < k1; kk++) {
                        sum = adder.add(sum, sr[kk] * v[kk - k0][j]);
                    }
                } else {
                    for (int t0 = k0; t0 < k1; t0 += runLength) {
                        int t1 = Math.min(k1, t0 + runLength);
                        float psum = 0.0f;
                        for (int kk = t0; kk < t1; kk++) {
                            psum = adder.add(psum, sr[kk] * v[kk - k0][j]);
                        }
                        sum = adder.add(sum, psum);
                    }
                }
                acc[j] = sum;
            }
        }
    }

    /** Output rows r0..r0+rows-1, columns [l0, l0 + len), into out[0..rows-1]: C's contents or +0.0f. */
    static void load(float[][] out, int r0, int rows, float[] c, int cOff, int ldc, boolean transposed,
                     int l0, int len, boolean accumulate) {
        if (!accumulate) {
            for (int r = 0; r < rows; r++) {
                Arrays.fill(out[r], 0, len, 0.0f);
            }
        } else if (transposed) {
            // out[i][j] = C(l0 + j, r0 + i): the same tiled walk as a transposing pack.
            for (int j0 = 0; j0 < len; j0 += TRANSPOSE_TILE) {
                int j1 = Math.min(len, j0 + TRANSPOSE_TILE);
                for (int i = 0; i < rows; i++) {
                    float[] row = out[i];
                    int base = cOff + l0 * ldc + r0 + i;
                    for (int j = j0; j < j1; j++) {
                        row[j] = c[base + j * ldc];
                    }
                }
            }
        } else {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(c, cOff + (r0 + i) * ldc + l0, out[i], 0, len);
            }
        }
    }

    /** Writes the output rows back, every NaN as the canonical 0x7FC00000 (the contract's last step). */
    static void store(float[][] out, int r0, int rows, float[] c, int cOff, int ldc, boolean transposed,
                      int l0, int len) {
        for (int j0 = 0; j0 < len; j0 += TRANSPOSE_TILE) {
            int j1 = Math.min(len, j0 + TRANSPOSE_TILE);
            for (int i = 0; i < rows; i++) {
                float[] row = out[i];
                int r = r0 + i;
                int base = transposed ? cOff + l0 * ldc + r : cOff + r * ldc + l0;
                int step = transposed ? ldc : 1;
                for (int j = j0; j < j1; j++) {
                    float x = row[j];
                    c[base + j * step] = x != x ? CANONICAL_NAN : x;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Packing: dst[r][col] = X(r0 + r, c0 + col) for r < rows, col < cols, where X(i, j) is
    // x[off + i * ld + j], or x[off + j * ld + i] when `transposed` (X is then the transpose of the matrix
    // stored). A transposed copy walks TRANSPOSE_TILE source rows at once, so each destination row is
    // written in runs and each source cache line serves consecutive r.

    private static void pack(byte[] x, int off, int ld, boolean transposed, float[] table, float[][] dst,
                             int r0, int rows, int c0, int cols) {
        if (!transposed) {
            for (int r = 0; r < rows; r++) {
                float[] row = dst[r];
                int base = off + (r0 + r) * ld + c0;
                for (int col = 0; col < cols; col++) {
                    row[col] = table[x[base + col] & 0xFF];
                }
            }
        } else {
            for (int col0 = 0; col0 < cols; col0 += TRANSPOSE_TILE) {
                int col1 = Math.min(cols, col0 + TRANSPOSE_TILE);
                for (int r = 0; r < rows; r++) {
                    float[] row = dst[r];
                    int base = off + c0 * ld + r0 + r;
                    for (int col = col0; col < col1; col++) {
                        row[col] = table[x[base + col * ld] & 0xFF];
                    }
                }
            }
        }
    }

    /** The FP32 twin of the decoding pack: the same loops, a copy instead of a table lookup. */
    private static void pack(float[] x, int off, int ld, boolean transposed, float[][] dst,
                             int r0, int rows, int c0, int cols) {
        if (!transposed) {
            for (int r = 0; r < rows; r++) {
                float[] row = dst[r];
                int base = off + (r0 + r) * ld + c0;
                for (int col = 0; col < cols; col++) {
                    row[col] = x[base + col];
                }
            }
        } else {
            for (int col0 = 0; col0 < cols; col0 += TRANSPOSE_TILE) {
                int col1 = Math.min(cols, col0 + TRANSPOSE_TILE);
                for (int r = 0; r < rows; r++) {
                    float[] row = dst[r];
                    int base = off + c0 * ld + r0 + r;
                    for (int col = col0; col < col1; col++) {
                        row[col] = x[base + col * ld];
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        String kernel = vector != null && accumulation.isFp32() && !accumulation.isFused()
                ? " " + Kernel.VECTOR.label() : "";
        return "MacArray[" + shape + " " + dataflow.cliName() + " " + accumulation + kernel + "]";
    }
}
