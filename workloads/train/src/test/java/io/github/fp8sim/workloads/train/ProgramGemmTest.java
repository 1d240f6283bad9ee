package io.github.fp8sim.workloads.train;

import static io.github.fp8sim.testkit.FloatBits.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.testkit.RandomCodes;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.data.ImageSplits;
import io.github.fp8sim.workloads.data.SyntheticImages;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * The ISA GEMM engine ({@link ProgramGemm}: each GEMM compiled by GemmLowering and executed on the
 * interpreter) computes the direct engine's bits ({@link ArrayGemm}: the MAC array called on the whole
 * GEMM), for single GEMMs in every dataflow and on machines that cut them into many ragged tiles, for
 * the FP8 engine's forward and backward passes, and for a whole training epoch; and it counts what the
 * programs it ran cost.
 */
class ProgramGemmTest {

    private static final MachineConfig EDGE16 = Presets.get("edge16");

    /**
     * edge16 cut down to an 8x8 array and 8 KiB SRAMs, with {@code extra} JSON members: a GEMM of a few
     * dozen rows needs several tiles in M, N and K.
     */
    static MachineConfig tiny(ArrayDataflow dataflow, String extra) {
        return MachineFiles.parse("""
                {"base": "edge16", "name": "tiny-%s", "array": {"rows": 8, "cols": 8, "dataflow": "%s"},
                 "scratchpad": {"bytes": 8192, "banks": 4}, "accumulator": {"bytes": 8192, "banks": 2}%s}
                """.formatted(dataflow.cliName(), dataflow.cliName(), extra), false);
    }

    static Stream<MachineConfig> machines() {
        List<MachineConfig> all = new ArrayList<>();
        for (ArrayDataflow d : ArrayDataflow.values()) {
            all.add(EDGE16.withDataflow(d));
            all.add(tiny(d, ""));
        }
        return all.stream();
    }

    /** {@code n} codes of {@code f}'s finite values, uniformly over the codes. */
    static byte[] finiteCodes(FloatFormat f, int n, SplittableRandom r) {
        return RandomCodes.uniform(r, n, code -> Float.isFinite(f.decode(code)));
    }

    /** A x B by the direct engine and by {@code isa}, both on {@code machine}: asserts the same bits, returns the ISA's. */
    static float[] assertSameBits(MachineConfig machine, ProgramGemm isa, byte[] a, FloatFormat fa, byte[] b, FloatFormat fb,
                                  int m, int n, int k) {
        float[] direct = new ArrayGemm(machine, GemmThreads.SERIAL).multiply(a, fa, b, fb, m, n, k);
        float[] program = isa.multiply(a, fa, b, fb, m, n, k);
        assertArrayEquals(bits(direct), bits(program), label(machine) + " " + m + "x" + n + "x" + k);
        return program;
    }

    // ---- one GEMM

    static Stream<Arguments> gemms() {
        // ragged in every dimension, K from below one tile to several tiles of edge16 (128) and of tiny (64)
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {50, 37, 70}, {17, 65, 129}, {100, 20, 200}, {300, 70, 300}};
        return machines().flatMap(mc -> Stream.of(shapes).map(s -> Arguments.of(label(mc), mc, s[0], s[1], s[2])));
    }

    static String label(MachineConfig machine) {
        return machine.name() + " " + machine.array().dataflow().cliName();
    }

    /**
     * On edge16 the largest shape's tiles (256 x 64 x 128) exceed GemmThreads' split threshold, so the ISA
     * engine's two threads really share a GEMM instruction's rows.
     */
    @ParameterizedTest(name = "{0}: {2}x{3}x{4}")
    @MethodSource("gemms")
    void aGemmRunAsAnIsaProgramGivesTheArraysBits(String label, MachineConfig machine, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(31L * m + 7L * n + k);
        // mixed formats, as the recipe allows: E4M3 activations times E5M2 weights
        byte[] a = finiteCodes(FloatFormat.E4M3, m * k, r);
        byte[] b = finiteCodes(FloatFormat.E5M2, k * n, r);
        ProgramGemm isa;
        try (GemmThreads two = GemmThreads.of(2)) {
            isa = new ProgramGemm(machine, two);
            assertSameBits(machine, isa, a, FloatFormat.E4M3, b, FloatFormat.E5M2, m, n, k);
        }

        ExecutedGemms done = isa.executed().orElseThrow();
        assertEquals(1, done.gemms());
        assertEquals(1, done.programs(), "the operands fit DRAM: one program");
        assertEquals((long) m * n * k, done.macs(), "the programs' GEMM instructions did every MAC once");
        long peak = (long) machine.array().rows() * machine.array().cols();
        assertTrue(done.cycles() >= done.macs() / peak, done.cycles() + " cycles for " + done.macs() + " MACs");
    }

    @Test
    void infinitiesAndNansComeBackAsTheArrayLeavesThem() {
        // E5M2 rows of A times B's columns of 1.0 and 2^-16: +Inf, NaN, -0 products, Inf - Inf, and max finite
        int m = 5;
        int n = 2;
        int k = 3;
        byte[] a = {
                0x7C, 0x00, 0x00,                          // +Inf, 0, 0
                0x7D, 0x00, 0x00,                          // NaN, 0, 0
                (byte) 0x80, (byte) 0x80, (byte) 0x80,     // -0, -0, -0
                0x7C, (byte) 0xFC, 0x00,                   // +Inf, -Inf, 0
                0x7B, 0x7B, 0x7B};                         // 57344 x 3
        byte[] b = {0x3C, 0x01, 0x3C, 0x01, 0x3C, 0x01};  // [3][2]: 1.0 and 2^-16 in every row
        float[] program = assertSameBits(EDGE16, new ProgramGemm(EDGE16, GemmThreads.SERIAL), a, FloatFormat.E5M2, b, FloatFormat.E5M2,
                m, n, k);

        assertEquals(Float.POSITIVE_INFINITY, program[0], "+Inf stays Inf: an FP32 output spec that saturates would give FLT_MAX");
        assertEquals(Float.POSITIVE_INFINITY, program[1]);
        assertEquals(0x7FC0_0000, Float.floatToRawIntBits(program[2]), "NaN is the canonical NaN");
        assertEquals(0, Float.floatToRawIntBits(program[4]), "-0 products add to the +0 a sum starts from");
        assertEquals(0x7FC0_0000, Float.floatToRawIntBits(program[6]), "Inf - Inf");
        assertEquals(3 * 57344f, program[8]);
    }

    @Test
    void aGemmWhoseOperandsDoNotFitDramRunsAsSeveralProgramsWithTheSameBits() {
        // 32 KiB of DRAM: B (100 x 40 = 4000 bytes) at 0, then rows of A (100 bytes) and of C (160 bytes)
        // beside it: (32768 - 4096 - 4096) / 260 = 94 rows a program, so 200 rows take three programs
        MachineConfig small = tiny(ArrayDataflow.WS, ", \"dram\": {\"bytes\": 32768}");
        SplittableRandom r = new SplittableRandom(5);
        int m = 200;
        int n = 40;
        int k = 100;
        byte[] a = finiteCodes(FloatFormat.E5M2, m * k, r);
        byte[] b = finiteCodes(FloatFormat.E5M2, k * n, r);
        ProgramGemm isa = new ProgramGemm(small, GemmThreads.SERIAL);
        assertSameBits(small, isa, a, FloatFormat.E5M2, b, FloatFormat.E5M2, m, n, k);

        ExecutedGemms done = isa.executed().orElseThrow();
        assertEquals(1, done.gemms());
        assertEquals(3, done.programs());
        assertEquals((long) m * n * k, done.macs());
        assertEquals(new ExecutedGemms.PerShape(1, 3, done.macs(), done.cycles()), done.byShape().get(new GemmShape(m, n, k)));

        MachineConfig tooSmall = tiny(ArrayDataflow.WS, ", \"dram\": {\"bytes\": 8192}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProgramGemm(tooSmall, GemmThreads.SERIAL).multiply(a, FloatFormat.E5M2, b, FloatFormat.E5M2, m, n, k));
        assertTrue(e.getMessage().contains("200x40x100") && e.getMessage().contains("8192 bytes"), e.getMessage());
    }

    static Stream<Arguments> chunkedAccumulations() {
        return Stream.of("fp32", "bf16", "fp16").flatMap(acc -> Stream.of(5, 8, 48).flatMap(chunk -> Stream.of(ArrayDataflow.values())
                .map(d -> Arguments.of(acc, chunk, d))));
    }

    /**
     * Chunk-based OS accumulation restarts its chunks at each GEMM instruction's first k, so the program's K
     * tiles are whole chunks (TilePlan.kAlignment); tiles of R alone (64 on this machine) would reorder the
     * sums of chunks 5 and 48 and change most outputs. WS and IS ignore the chunk: their K tiles are R.
     */
    @ParameterizedTest(name = "{0} chunk {1} {2}")
    @MethodSource("chunkedAccumulations")
    void chunkedAccumulationSumsInTheArraysOrderToo(String accumulator, int chunk, ArrayDataflow dataflow) {
        MachineConfig machine = tiny(dataflow, ", \"numerics\": {\"accumulator\": \"%s\", \"chunk\": %d}"
                .formatted(accumulator, chunk));
        SplittableRandom r = new SplittableRandom(chunk);
        int m = 20;
        int n = 9;
        int k = 300;
        byte[] a = finiteCodes(FloatFormat.E5M2, m * k, r);
        byte[] b = finiteCodes(FloatFormat.E5M2, k * n, r);
        assertSameBits(machine, new ProgramGemm(machine, GemmThreads.SERIAL), a, FloatFormat.E5M2, b, FloatFormat.E5M2, m, n, k);
    }

    @Test
    void sramsTooSmallForAWholeChunkAreAnErrorNotAnotherOrder() {
        // chunks of 5000 codes: one K tile of A and B alone is 10,000 bytes, more than the 8 KiB scratchpad
        MachineConfig machine = tiny(ArrayDataflow.OS, ", \"numerics\": {\"chunk\": 5000}");
        byte[] a = new byte[4 * 6000];
        byte[] b = new byte[6000 * 4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProgramGemm(machine, GemmThreads.SERIAL).multiply(a, FloatFormat.E5M2, b, FloatFormat.E5M2, 4, 4, 6000));
        assertTrue(e.getMessage().contains("not a multiple of 5000"), e.getMessage());
    }

    @Test
    void theCostIsSummedOverEveryProgramAndPerShape() {
        SplittableRandom r = new SplittableRandom(8);
        int[][] shapes = {{64, 32, 144}, {16, 144, 64}, {64, 32, 144}};
        ProgramGemm isa = new ProgramGemm(EDGE16, GemmThreads.SERIAL);
        for (int[] s : shapes) {
            isa.multiply(finiteCodes(FloatFormat.E5M2, s[0] * s[2], r), FloatFormat.E5M2,
                    finiteCodes(FloatFormat.E5M2, s[2] * s[1], r), FloatFormat.E5M2, s[0], s[1], s[2]);
        }
        ExecutedGemms done = isa.executed().orElseThrow();
        ExecutedGemms.PerShape one = alone(64, 32, 144);
        ExecutedGemms.PerShape other = alone(16, 144, 64);

        assertEquals(3, done.gemms());
        assertEquals(List.of(new GemmShape(64, 32, 144), new GemmShape(16, 144, 64)), List.copyOf(done.byShape().keySet()));
        // a program's cycles depend on its instructions only, not on what ran before on the machine
        assertEquals(new ExecutedGemms.PerShape(2, 2, 2 * one.macs(), 2 * one.cycles()),
                done.byShape().get(new GemmShape(64, 32, 144)));
        assertEquals(other, done.byShape().get(new GemmShape(16, 144, 64)));
        assertEquals(2 * one.cycles() + other.cycles(), done.cycles());
        assertEquals(done.cycles() / 1e9, done.seconds(), 1e-15, "edge16 runs at 1 GHz");
        double pj = done.energyPicojoules(EnergyTable.defaults());
        assertTrue(pj > 0, "energy " + pj);
        assertTrue(new ArrayGemm(EDGE16, GemmThreads.SERIAL).executed().isEmpty(), "the direct engine runs no program");
    }

    /** The tally of one GEMM of this shape on a fresh ISA engine. */
    private static ExecutedGemms.PerShape alone(int m, int n, int k) {
        ProgramGemm isa = new ProgramGemm(EDGE16, GemmThreads.SERIAL);
        isa.multiply(new byte[m * k], FloatFormat.E5M2, new byte[k * n], FloatFormat.E5M2, m, n, k);
        return isa.executed().orElseThrow().byShape().get(new GemmShape(m, n, k));
    }

    // ---- the FP8 engine's passes

    /** A conv whose three GEMMs (1024 x 32 x 144, 1024 x 144 x 32, 32 x 144 x 1024) take several ragged tiles. */
    static Fp8NumericsTest.Layer wideConv() {
        SplittableRandom random = new SplittableRandom(41);
        Node node = new Node(4, "conv", Conv2d.of(1, 1), List.of(0, 1), List.of(2));
        return new Fp8NumericsTest.Layer("wide conv", node, List.of(Fp8NumericsTest.random(random, 2, 4, 16, 16, 16),
                Fp8NumericsTest.random(random, 0.5, 32, 16, 3, 3)), TensorShape.of(4, 32, 16, 16), 0, 0, 0);
    }

    static Stream<Arguments> passes() {
        List<Fp8NumericsTest.Layer> layers = new ArrayList<>(Fp8NumericsTest.gemms().toList());
        layers.add(wideConv());
        return Stream.of(EDGE16, tiny(ArrayDataflow.OS, ""), tiny(ArrayDataflow.IS, ""))
                .flatMap(mc -> layers.stream().map(l -> Arguments.of(label(mc), mc, l)));
    }

    /** y, every input gradient and the overflow flag of one SR step of {@code layer}, with the given engine. */
    private static List<int[]> step(MachineConfig machine, GemmEngine.Kind engine, Node node, List<FloatTensor> in,
                                    List<FloatTensor> upstream) {
        Fp8Numerics fp8 = new Fp8Numerics(Fp8Numerics.Recipe.paper(), machine, GemmThreads.SERIAL, 9, engine);
        fp8.beginStep(17);
        List<FloatTensor> out = fp8.forward(node, in, false);
        List<FloatTensor> grads = fp8.backward(node, in, out, upstream);
        List<int[]> all = new ArrayList<>();
        out.forEach(t -> all.add(bits(t.data())));
        grads.forEach(t -> all.add(bits(t.data())));
        all.add(new int[] {fp8.overflowed() ? 1 : 0});
        assertEquals(engine == GemmEngine.Kind.ISA, fp8.executedGemms().isPresent());
        return all;
    }

    private static void assertSameSteps(String what, Function<GemmEngine.Kind, List<int[]>> run) {
        List<int[]> direct = run.apply(GemmEngine.Kind.ARRAY);
        List<int[]> isa = run.apply(GemmEngine.Kind.ISA);
        assertEquals(direct.size(), isa.size());
        for (int i = 0; i < direct.size(); i++) {
            assertArrayEquals(direct.get(i), isa.get(i), what + ": tensor " + i + " of outputs, gradients, overflow");
        }
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("passes")
    void aForwardAndBackwardWithStochasticRoundingGivesTheSameBitsOnBothEngines(String name, MachineConfig machine,
                                                                                Fp8NumericsTest.Layer layer) {
        FloatTensor dy = Fp8NumericsTest.random(new SplittableRandom(13), 3, layer.output().dims());
        assertSameSteps(name + " " + layer, e -> step(machine, e, layer.node(), layer.inputs(), List.of(dy)));
    }

    @Test
    void anLstmStepGivesTheSameBitsOnBothEngines() {
        SplittableRandom r = new SplittableRandom(32);
        List<FloatTensor> upstream = List.of(Fp8NumericsTest.random(r, 2, 3, 4), Fp8NumericsTest.random(r, 2, 3, 4));
        for (MachineConfig machine : List.of(EDGE16, tiny(ArrayDataflow.OS, ""))) {
            assertSameSteps("lstm on " + machine.name(),
                    e -> step(machine, e, Fp8NumericsTest.LSTM, Fp8NumericsTest.lstmInputs(), upstream));
        }
    }

    // ---- a training epoch

    @Test
    void aResNet8EpochTrainsTheSameWeightsOnBothEnginesAndTheIsaEngineCountsEveryGemm() {
        IntFunction<Graph> model = batch -> ResNet.build(ResNet.resnet8(batch).withInputChannels(1).withInputSize(8));
        ImageSplits data = SyntheticImages.generate(10, 1, 8, 64, 32, 4);
        int batch = 16;
        Trainer.Result array = Trainer.train(model, data, config(GemmEngine.Kind.ARRAY, batch), e -> { });
        Trainer.Result isa = Trainer.train(model, data, config(GemmEngine.Kind.ISA, batch), e -> { });

        assertEquals(array.weightsSha256(), isa.weightsSha256());
        assertEquals(array.testScore(), isa.testScore());
        assertEquals(array.curve().get(0).trainLoss(), isa.curve().get(0).trainLoss());
        assertEquals(array.scaleEvents(), isa.scaleEvents());
        assertFalse(array.executedGemms().isPresent(), "the direct engine runs no program");

        ExecutedGemms done = isa.executedGemms().orElseThrow();
        assertTrue(done.cycles() > 0);
        assertEquals(done.cycles(), done.byShape().values().stream().mapToLong(ExecutedGemms.PerShape::cycles).sum());
        assertEquals(done.gemms(), done.byShape().values().stream().mapToLong(ExecutedGemms.PerShape::gemms).sum());
        assertEquals(done.macs(), done.byShape().values().stream().mapToLong(ExecutedGemms.PerShape::macs).sum());
        // 4 steps of every conv's and the fc's forward, error and weight GEMMs (the step TrainingStepCost
        // compiles), then the 32 test images' forward passes: 2 batches of a third of a step's GEMMs
        TrainingStepCost.Cost step = TrainingStepCost.of(model.apply(batch), EDGE16, EnergyTable.defaults());
        assertEquals(4, isa.steps());
        assertEquals(4 * step.gemms() + 2 * step.gemms() / 3, done.gemms());
        assertEquals(4 * step.macs() + 2 * step.macs() / 3, done.macs());
        assertEquals(done.gemms(), done.programs(), "edge16's 4 GiB of DRAM holds every GEMM's operands");
    }

    private static Trainer.Config config(GemmEngine.Kind engine, int batch) {
        return new Trainer.Config(new Trainer.Numerics(Trainer.Precision.FP8, Fp8Numerics.Recipe.paper(), MasterWeights.Storage.FP16,
                Rounding.SR, "dynamic", engine), new Trainer.Optimization(Trainer.Method.SGD, 0.05, Trainer.Schedule.CONSTANT, 0.9, 5e-4),
                new Trainer.Length(1, batch), new Trainer.Run(3, 1, EDGE16));
    }

    @Test
    void fp32TrainingTakesTheDirectEngineOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer.Numerics(Trainer.Precision.FP32,
                Fp8Numerics.Recipe.paper(), MasterWeights.Storage.FP32, Rounding.SR, "none", GemmEngine.Kind.ISA));
        assertTrue(e.getMessage().contains("isa"), e.getMessage());
    }
}
