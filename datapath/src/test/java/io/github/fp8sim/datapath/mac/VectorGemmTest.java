package io.github.fp8sim.datapath.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.fp8sim.datapath.format.DecodeTable;
import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.GemmInputs.Problem;
import io.github.fp8sim.datapath.mac.GemmInputs.Profile;
import io.github.fp8sim.datapath.mac.MacArray.Kernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API kernel: how MacArray chooses it (and falls back to the plain kernel), that a JVM without
 * the module never loads it, and its own tile and strip edges bit for bit against {@link ReferenceGemm}
 * with either main tile height (6 rows on AVX-512; 1 where vectors are narrower). The cases shared with
 * the plain kernel run in {@link MacArrayTest}.
 */
class VectorGemmTest {

    @Test
    void selectsTheVectorKernelOnlyWithThePropertyAndTheModule() {
        assertEquals(Kernel.PLAIN, MacArray.selectKernel(null, true));
        assertEquals(Kernel.PLAIN, MacArray.selectKernel("false", true));
        assertEquals(Kernel.PLAIN, MacArray.selectKernel("1", true));
        assertEquals(Kernel.PLAIN, MacArray.selectKernel("", true));
        assertEquals(Kernel.PLAIN, MacArray.selectKernel("true", false));
        assertEquals(Kernel.PLAIN, MacArray.selectKernel(null, false));
        assertEquals(Kernel.VECTOR, MacArray.selectKernel("true", true));
        assertEquals(Kernel.VECTOR, MacArray.selectKernel("TRUE", true));
    }

    @Test
    void withoutThePropertyMacArrayUsesThePlainKernel() {
        assumeTrue(System.getProperty(MacArray.VECTOR_PROPERTY) == null, "run without -Dfp8sim.vector");
        for (ArrayDataflow d : ArrayDataflow.values()) {
            MacArray mac = new MacArray(new ArrayShape(16, 16), d, Accumulation.FP32);
            assertEquals("plain", mac.kernelName());
            assertEquals("MacArray[16x16 " + d.cliName() + " fp32]", mac.toString());
        }
    }

    @Test
    void theTestJvmHasTheModuleSoTheVectorKernelIsTested() {
        // surefire's argLine adds the module; without it the Vector kernel tests would not run it at all.
        assertTrue(ModuleLayer.boot().findModule(MacArray.VECTOR_MODULE).isPresent());
        MacArray mac = MacArrayTest.withKernel(Kernel.VECTOR, new ArrayShape(4, 4), ArrayDataflow.OS, Accumulation.FP32);
        assertEquals("vector", mac.kernelName());
        assertTrue(mac.toString().endsWith(" vector]"), mac.toString());
        // Narrow (and any non-FP32) accumulation keeps the plain kernel.
        MacArray fp16 = MacArrayTest.withKernel(Kernel.VECTOR, new ArrayShape(4, 4), ArrayDataflow.OS,
                new Accumulation(FloatFormat.FP16, 0));
        assertEquals("plain", fp16.kernelName());
        // Chunked FP32 is FP32 accumulation.
        assertEquals("vector", MacArrayTest.withKernel(Kernel.VECTOR, new ArrayShape(4, 4), ArrayDataflow.OS,
                new Accumulation(FloatFormat.FP32, 8)).kernelName());
    }

    /**
     * In JVMs of their own, as the product runs: with {@code -Dfp8sim.vector=true} but without the module
     * the plain kernel runs and no class of the kernel or of the module is loaded; with the module but
     * without the property likewise; with both the Vector kernel runs. Every result equals the reference.
     */
    @Test
    @Timeout(180)
    void aJvmWithoutTheModuleNeverLoadsTheVectorKernel() throws IOException, InterruptedException {
        String withoutModule = probe(List.of("-Dfp8sim.vector=true"));
        assertTrue(withoutModule.contains("kernel=plain same=true"), withoutModule);
        assertFalse(withoutModule.contains("mac.VectorGemm"), withoutModule);
        assertFalse(withoutModule.contains("jdk.incubator.vector."), withoutModule);

        String withoutProperty = probe(List.of("--add-modules", MacArray.VECTOR_MODULE));
        assertTrue(withoutProperty.contains("kernel=plain same=true"), withoutProperty);
        assertFalse(withoutProperty.contains("mac.VectorGemm"), withoutProperty);

        String both = probe(List.of("--add-modules", MacArray.VECTOR_MODULE, "-Dfp8sim.vector=true"));
        assertTrue(both.contains("kernel=vector same=true"), both);
        assertTrue(both.contains("io.github.fp8sim.datapath.mac.VectorGemm"), both); // the log does list loads
    }

    /** Runs {@link KernelProbe} in a new JVM with these options and class loading logged; its output. */
    private static String probe(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Xlog:class+load=info");
        command.add("-cp");
        // surefire's forked JVM may see only its booter jar; it publishes the real test class path.
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(KernelProbe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM timed out");
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("probe JVM " + options + " exited with " + process.exitValue() + ":\n" + tail(text));
        }
        return text;
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    @Test
    void vectorisesTheSideThatPadsLess() {
        int w = VectorGemm.stripWidth();
        assertFalse(VectorGemm.transposed(512, 512));
        assertFalse(VectorGemm.transposed(3136, 64));           // 64 columns are whole strips
        assertTrue(VectorGemm.transposed(100 * w, 3));           // 3 columns would be mostly padding
        assertFalse(VectorGemm.transposed(3, 100 * w));
        assertFalse(VectorGemm.transposed(w, w));                // a tie keeps C
    }

    /** Sizes around the tiles' edges: rows around multiples of 6, columns around strips of 4 vectors. */
    private static final int[] ROWS = {1, 2, 5, 6, 7, 11, 12, 13, 17, 18, 25};
    private static final int W = VectorGemm.stripWidth();
    private static final int[] LANES = {1, W / 4, W - 1, W, W + 1, 2 * W + 2};
    private static final int[] DEPTH = {0, 1, 7, 33};

    @ParameterizedTest(name = "tile rows {0}")
    @ValueSource(ints = {6, 1})
    void tileAndStripEdgesEqualReference(int tileRows) {
        SplittableRandom rnd = new SplittableRandom(tileRows);
        // Default blocking, and tiny blocking: one-strip panels, k blocks of 1 (or 6), one row tile per row block.
        List<VectorGemm> kernels = List.of(
                new VectorGemm(MacArray.PANEL, MacArray.V_BLOCK_FLOATS, MacArray.OUT_BLOCK_FLOATS, tileRows),
                new VectorGemm(8, 40, 24, tileRows),
                new VectorGemm(60, 400, 500, tileRows));
        Profile[] profiles = {Profile.UNIFORM, Profile.EDGE, Profile.CANCEL};
        int[] runs = {0, 1, 3, 16};
        for (int rows : ROWS) {
            for (int lanes : LANES) {
                for (int k : DEPTH) {
                    // Either way round, so that the kernel vectorises across N or (padding less) across M.
                    boolean swap = rnd.nextBoolean();
                    int m = swap ? lanes : rows;
                    int n = swap ? rows : lanes;
                    Problem p = GemmInputs.draw(rnd, m, n, k, profiles[rnd.nextInt(profiles.length)]);
                    int run = runs[rnd.nextInt(runs.length)];
                    boolean accumulate = rnd.nextBoolean();
                    assertSameAsReference(kernels, p, run, accumulate);
                }
            }
        }
    }

    /**
     * The reference with the dataflow whose run length is {@code run}: OS for 0, else WS on an array of
     * {@code run} rows.
     */
    private static void assertSameAsReference(List<VectorGemm> kernels, Problem p, int run, boolean accumulate) {
        ArrayShape shape = new ArrayShape(Math.max(1, run), 4);
        ArrayDataflow dataflow = run == 0 ? ArrayDataflow.OS : ArrayDataflow.WS;
        float[] ref = p.copyOfC();
        ReferenceGemm.gemm(shape, dataflow, Accumulation.FP32, new GemmCall(
                new CodeMatrix(p.a(), p.aOff(), p.lda(), p.fa()), new CodeMatrix(p.b(), p.bOff(), p.ldb(), p.fb()),
                new Fp32Matrix(ref, p.cOff(), p.ldc()), p.m(), p.n(), p.k(), accumulate));
        float[] ta = DecodeTable.of(p.fa()).copyOfValues();
        float[] tb = DecodeTable.of(p.fb()).copyOfValues();
        for (VectorGemm kernel : kernels) {
            float[] fast = p.copyOfC();
            if (p.m() > 0 && p.n() > 0) {
                kernel.gemm(ta, p.a(), p.aOff(), p.lda(), tb, p.b(), p.bOff(), p.ldb(), fast, p.cOff(), p.ldc(),
                        p.m(), p.n(), p.k(), accumulate, run);
            }
            for (int idx = 0; idx < fast.length; idx++) {
                int f = Float.floatToRawIntBits(fast[idx]);
                int r = Float.floatToRawIntBits(ref[idx]);
                if (f != r) {
                    fail(String.format("run %d accumulate=%s: C[%d]: vector 0x%08X, reference 0x%08X; problem: %s",
                            run, accumulate, idx, f, r, p));
                }
            }
        }
    }
}
