package io.github.fp8sim.datapath.mac;

import static io.github.fp8sim.testkit.FloatBits.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.GemmInputs.Problem;
import io.github.fp8sim.datapath.mac.GemmInputs.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast {@link MacArray#gemm} equals {@link ReferenceGemm} bit for bit (raw FP32 bits of every
 * element of C, padding included) for every dataflow, with and without accumulation, on ragged shapes
 * and edge-case codes, for several array shapes and accumulators; with the plain kernel and with the
 * Vector API kernel (surefire runs with {@code --add-modules jdk.incubator.vector}).
 */
class MacArrayTest {

    static final List<ArrayShape> SHAPES = List.of(new ArrayShape(1, 1), new ArrayShape(4, 4),
            new ArrayShape(16, 16), new ArrayShape(8, 32));

    static Stream<Arguments> shapesAndDataflows() {
        return SHAPES.stream().flatMap(s -> Stream.of(ArrayDataflow.values()).map(d -> Arguments.of(s, d)));
    }

    /**
     * The array as configured, plus the same array with tiny blocking so that panel, k-block and row-block
     * edges fall inside small problems: 8-column panels, 4-row k blocks, 3 output rows at a time; 20-column
     * panels, 12-row k blocks, 16 output rows. Each with the plain and with the Vector API kernel, whose
     * blocking rounds panels up to whole strips of four vectors and row blocks to whole 6-row tiles (with
     * 16 lanes: 64-column panels, k blocks of 1 and 4, row blocks of 6).
     */
    static List<MacArray> variants(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation) {
        List<MacArray> out = new ArrayList<>();
        for (MacArray.Kernel kernel : MacArray.Kernel.values()) {
            out.add(new MacArray(shape, dataflow, accumulation, MacArray.PANEL, MacArray.V_BLOCK_FLOATS,
                    MacArray.OUT_BLOCK_FLOATS, kernel));
            out.add(new MacArray(shape, dataflow, accumulation, 8, 40, 24, kernel));
            out.add(new MacArray(shape, dataflow, accumulation, 20, 260, 320, kernel));
        }
        return out;
    }

    /** The array with the default blocking and the given kernel. */
    static MacArray withKernel(MacArray.Kernel kernel, ArrayShape shape, ArrayDataflow dataflow,
                               Accumulation accumulation) {
        return new MacArray(shape, dataflow, accumulation, MacArray.PANEL, MacArray.V_BLOCK_FLOATS,
                MacArray.OUT_BLOCK_FLOATS, kernel);
    }

    /** The array with the default blocking and each kernel. */
    static List<MacArray> kernels(ArrayShape shape, ArrayDataflow dataflow, Accumulation accumulation) {
        return Stream.of(MacArray.Kernel.values()).map(kernel -> withKernel(kernel, shape, dataflow, accumulation))
                .toList();
    }

    /** Runs the reference and every variant on copies of C and compares every element's raw bits. */
    static void assertSameAsReference(List<MacArray> macs, Problem p, boolean accumulate) {
        MacArray first = macs.get(0);
        float[] ref = p.copyOfC();
        ReferenceGemm.gemm(first.shape(), first.dataflow(), first.accumulation(), new GemmCall(
                new CodeMatrix(p.a(), p.aOff(), p.lda(), p.fa()), new CodeMatrix(p.b(), p.bOff(), p.ldb(), p.fb()),
                new Fp32Matrix(ref, p.cOff(), p.ldc()), p.m(), p.n(), p.k(), accumulate));
        for (MacArray mac : macs) {
            float[] fast = p.copyOfC();
            run(mac, p, fast, accumulate);
            for (int idx = 0; idx < fast.length; idx++) {
                int f = Float.floatToRawIntBits(fast[idx]);
                int r = Float.floatToRawIntBits(ref[idx]);
                if (f != r) {
                    int rel = idx - p.cOff();
                    fail(String.format("%s accumulate=%s: C[%d] (i=%d, j=%d): fast 0x%08X (%s), reference 0x%08X (%s)",
                            mac, accumulate, idx, rel / p.ldc(), rel % p.ldc(), f, fast[idx], r, ref[idx])
                            + "\n  problem: " + p);
                }
            }
            // Elements outside the M x N block keep their bits (the reference is checked for this by hand).
            for (int idx = 0; idx < fast.length; idx++) {
                int rel = idx - p.cOff();
                boolean inside = rel >= 0 && rel / p.ldc() < p.m() && rel % p.ldc() < p.n();
                if (!inside && Float.floatToRawIntBits(fast[idx]) != Float.floatToRawIntBits(p.c()[idx])) {
                    fail(mac + ": C[" + idx + "] outside the output block was written; problem: " + p);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndDataflows")
    void fp32EqualsReferenceOnRaggedShapes(ArrayShape shape, ArrayDataflow dataflow) {
        List<MacArray> macs = variants(shape, dataflow, Accumulation.FP32);
        SplittableRandom rnd = new SplittableRandom(31L * shape.rows() + shape.cols() + 1000L * dataflow.ordinal());
        Profile[] profiles = {Profile.UNIFORM, Profile.EDGE, Profile.CANCEL};
        for (int[] s : GemmInputs.allSizeTriples()) {
            for (boolean accumulate : new boolean[] {false, true}) {
                Problem p = GemmInputs.draw(rnd, s[0], s[1], s[2], profiles[rnd.nextInt(profiles.length)]);
                assertSameAsReference(macs, p, accumulate);
            }
        }
    }

    /**
     * The default blocking's own edges: more k than one packed block holds (128 Ki floats / row length),
     * and rows longer than one 8192-column panel, on either side (C or C transposed is vectorised).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapesAndDataflows")
    void fp32EqualsReferenceAcrossDefaultBlocks(ArrayShape shape, ArrayDataflow dataflow) {
        List<MacArray> macs = kernels(shape, dataflow, Accumulation.FP32);
        SplittableRandom rnd = new SplittableRandom(7 + shape.rows() + 100L * dataflow.ordinal());
        // 600 columns: blocks of 218 -> 216 k (208 with runs of 16); 8300 columns: two panels, blocks of 12 k.
        int[][] sizes = {{3, 600, 500}, {601, 2, 450}, {2, 8300, 30}, {8300, 1, 17}};
        for (int[] s : sizes) {
            for (boolean accumulate : new boolean[] {false, true}) {
                assertSameAsReference(macs, GemmInputs.draw(rnd, s[0], s[1], s[2], Profile.EDGE), accumulate);
            }
        }
    }

    static Stream<Arguments> narrowAccumulations() {
        return Stream.of(
                new Accumulation(FloatFormat.FP16, 0),
                new Accumulation(FloatFormat.FP16, 32),
                new Accumulation(FloatFormat.BF16, 0),
                new Accumulation(FloatFormat.BF16, 8),
                new Accumulation(FloatFormat.FP32, 16),
                new Accumulation(FloatFormat.FP32, 1),
                new Accumulation(FloatFormat.parse("e5m7"), 4))
                .flatMap(acc -> Stream.of(ArrayDataflow.values()).map(d -> Arguments.of(acc, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("narrowAccumulations")
    void chunkedAndNarrowAccumulationEqualReference(Accumulation accumulation, ArrayDataflow dataflow) {
        SplittableRandom rnd = new SplittableRandom(accumulation.hashCode() * 3L + dataflow.ordinal());
        int[][] sizes = {{1, 1, 1}, {3, 17, 100}, {17, 3, 64}, {31, 16, 33}, {16, 31, 100}, {64, 3, 17},
            {5, 100, 7}, {100, 5, 9}, {2, 2, 64}, {4, 4, 0}};
        for (int[] s : sizes) {
            for (boolean accumulate : new boolean[] {false, true}) {
                ArrayShape shape = rnd.nextBoolean() ? new ArrayShape(4, 4) : new ArrayShape(16, 8);
                Profile profile = rnd.nextInt(4) == 0 ? Profile.EDGE : Profile.MODERATE;
                assertSameAsReference(variants(shape, dataflow, accumulation),
                        GemmInputs.draw(rnd, s[0], s[1], s[2], profile), accumulate);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MacArray.Kernel.class)
    void chunkIsIgnoredInWeightAndInputStationary(MacArray.Kernel kernel) {
        SplittableRandom rnd = new SplittableRandom(5);
        for (ArrayDataflow d : new ArrayDataflow[] {ArrayDataflow.WS, ArrayDataflow.IS}) {
            for (FloatFormat f : new FloatFormat[] {FloatFormat.FP32, FloatFormat.FP16}) {
                Problem p = GemmInputs.draw(rnd, 9, 11, 50, Profile.MODERATE);
                float[] chunk0 = p.copyOfC();
                float[] chunk7 = p.copyOfC();
                run(withKernel(kernel, new ArrayShape(4, 4), d, new Accumulation(f, 0)), p, chunk0, true);
                run(withKernel(kernel, new ArrayShape(4, 4), d, new Accumulation(f, 7)), p, chunk7, true);
                assertArrayEquals(bits(chunk0), bits(chunk7), d + " " + f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MacArray.Kernel.class)
    void degenerateShapes(MacArray.Kernel kernel) {
        MacArray mac = withKernel(kernel, new ArrayShape(4, 4), ArrayDataflow.OS, Accumulation.FP32);
        float[] c = {1.5f, Float.intBitsToFloat(0xFFC0_0001), -0.0f};
        // M = 0 or N = 0: nothing is written.
        mac.gemm(new byte[0], 0, 0, FloatFormat.E5M2, new byte[0], 0, 3, FloatFormat.E5M2, c, 0, 3, 0, 3, 0, false);
        assertArrayEquals(new int[] {0x3FC0_0000, 0xFFC0_0001, 0x8000_0000}, bits(c));
        // K = 0: each output is its initial value, NaN made canonical.
        mac.gemm(new byte[0], 0, 0, FloatFormat.E5M2, new byte[0], 0, 3, FloatFormat.E5M2, c, 0, 3, 1, 3, 0, true);
        assertArrayEquals(new int[] {0x3FC0_0000, 0x7FC0_0000, 0x8000_0000}, bits(c));
        mac.gemm(new byte[0], 0, 0, FloatFormat.E5M2, new byte[0], 0, 3, FloatFormat.E5M2, c, 0, 3, 1, 3, 0, false);
        assertArrayEquals(new int[] {0, 0, 0}, bits(c));
    }

    @Test
    void rejectsBadArguments() {
        MacArray mac = new MacArray(new ArrayShape(4, 4), ArrayDataflow.WS, Accumulation.FP32);
        byte[] a = new byte[6];
        byte[] b = new byte[6];
        float[] c = new float[4];
        FloatFormat e5 = FloatFormat.E5M2;
        // 2 x 3 times 3 x 2 into 2 x 2 fits exactly; each call below breaks one thing.
        mac.gemm(a, 0, 3, e5, b, 0, 2, e5, c, 0, 2, 2, 2, 3, false);
        Class<IllegalArgumentException> badArgument = IllegalArgumentException.class;
        Class<IndexOutOfBoundsException> outside = IndexOutOfBoundsException.class;
        assertThrows(badArgument, () -> mac.gemm(a, 0, 3, e5, b, 0, 2, e5, c, 0, 2, -1, 2, 3, false)); // M < 0
        assertThrows(badArgument, () -> mac.gemm(a, 0, 2, e5, b, 0, 2, e5, c, 0, 2, 2, 2, 3, false));  // lda < K
        assertThrows(outside, () -> mac.gemm(a, 1, 3, e5, b, 0, 2, e5, c, 0, 2, 2, 2, 3, false));      // A overruns
        assertThrows(outside, () -> mac.gemm(a, 0, 3, e5, b, 0, 2, e5, c, 1, 2, 2, 2, 3, false));      // C overruns
        assertThrows(outside, () -> mac.gemm(a, 0, 3, e5, b, -1, 2, e5, c, 0, 2, 2, 2, 3, false));     // bOff < 0
        assertThrows(badArgument, () -> mac.gemm(a, 0, 3, FloatFormat.FP16, b, 0, 2, e5, c, 0, 2, 2, 2, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new ArrayShape(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Accumulation(FloatFormat.FP16, -1));
    }

    @ParameterizedTest
    @MethodSource("shapesAndDataflows")
    void gemmF32FollowsTheSameOrderWithRoundedProducts(ArrayShape shape, ArrayDataflow dataflow) {
        SplittableRandom rnd = new SplittableRandom(11 + dataflow.ordinal());
        for (int[] s : new int[][] {{1, 1, 1}, {3, 17, 100}, {33, 5, 64}, {17, 300, 31}, {300, 2, 17}}) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = randomFloats(rnd, 1 + m * (k + 1));
            float[] b = randomFloats(rnd, n * k + 2);
            float[] c = randomFloats(rnd, m * (n + 2) + 1);
            float[] fast = c.clone();
            float[] expected = c.clone();
            new MacArray(shape, dataflow, Accumulation.FP32)
                    .gemmF32(a, 1, k + 1, b, 2, n, fast, 1, n + 2, m, n, k, true);
            // The contract's order with FP32-rounded products, written out plainly.
            int run = dataflow == ArrayDataflow.OS ? 0 : shape.rows();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = expected[1 + i * (n + 2) + j];
                    if (run == 0) {
                        for (int kk = 0; kk < k; kk++) {
                            acc = acc + a[1 + i * (k + 1) + kk] * b[2 + kk * n + j];
                        }
                    } else {
                        for (int k0 = 0; k0 < k; k0 += run) {
                            float psum = 0.0f;
                            for (int kk = k0; kk < Math.min(k, k0 + run); kk++) {
                                psum = psum + a[1 + i * (k + 1) + kk] * b[2 + kk * n + j];
                            }
                            acc = acc + psum;
                        }
                    }
                    expected[1 + i * (n + 2) + j] = acc;
                }
            }
            assertArrayEquals(bits(expected), bits(fast), shape + " " + dataflow + " " + m + "x" + n + "x" + k);
        }
    }

    @Test
    void macsAndCycles() {
        MacArray mac = new MacArray(new ArrayShape(16, 16), ArrayDataflow.OS, Accumulation.FP32);
        assertEquals(64L * 64 * 64, MacArray.macs(64, 64, 64));
        assertEquals(3136L * 64 * 576, MacArray.macs(3136, 64, 576));
        assertEquals(16, mac.folds(64, 64, 64));
        assertEquals(1503, mac.computeCycles(64, 64, 64));     // FoldModel's worked example
    }

    private static void run(MacArray mac, Problem p, float[] c, boolean accumulate) {
        mac.gemm(p.a(), p.aOff(), p.lda(), p.fa(), p.b(), p.bOff(), p.ldb(), p.fb(), c, p.cOff(), p.ldc(),
                p.m(), p.n(), p.k(), accumulate);
    }

    private static float[] randomFloats(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(-4, 5)));
        }
        return x;
    }

}
