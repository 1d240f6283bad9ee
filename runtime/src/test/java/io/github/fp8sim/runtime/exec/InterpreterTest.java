package io.github.fp8sim.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.testkit.RandomCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Programs run on the modelled machine give the datapath's results, moved where the program says. */
class InterpreterTest {

    static final MachineConfig EDGE = Presets.get("edge16");

    static Program asm(String text) {
        return Assembler.assemble(text, "test.s");
    }

    static byte[] randomCodes(int n, long seed) {
        return RandomCodes.uniform(new SplittableRandom(seed), n, c -> (c & 0x7F) < 0x7C);     // finite e5m2 codes
    }

    @ParameterizedTest
    @EnumSource(names = {"OS", "WS", "IS"})
    void aGemmProgramMovesOperandsInComputesAndQuantizesOut(io.github.fp8sim.isa.insn.Dataflow df) {
        int m = 20;
        int n = 24;
        int k = 40;
        byte[] a = randomCodes(m * k, 1);
        byte[] b = randomCodes(k * n, 2);
        Machine machine = new Machine(EDGE);
        machine.dram().write(0x10000, a, 0, a.length);
        machine.dram().write(0x20000, b, 0, b.length);
        Program p = asm("""
                dma.load dst=spad:0x0 dram=0x10000 rows=20 bytes=40 dram_stride=40 local_stride=40
                dma.load dst=spad:0x1000 dram=0x20000 rows=40 bytes=24 dram_stride=24 local_stride=24
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=20 n=24 k=40 lda=40 ldb=24 ldc=24 df=%s fa=e5m2 fb=e5m2 init=zero
                quant dst=spad:0x2000 src=acc:0x0 rows=20 cols=24 src_ld=24 dst_ld=24 fmt=e5m2 rnd=rne ovf=saturate
                dma.store src=spad:0x2000 dram=0x30000 rows=20 bytes=24 local_stride=24 dram_stride=24
                dma.store src=acc:0x0 dram=0x40000 rows=20 bytes=96 local_stride=96 dram_stride=96
                halt
                """.formatted(df.text()));
        assertEquals(7, new Interpreter(machine, Mode.FUNCTIONAL).run(p));

        float[] expected = new float[m * n];
        ReferenceGemm.gemm(new ArrayShape(16, 16), ArrayDataflow.valueOf(df.name()), Accumulation.FP32, new GemmCall(
                new CodeMatrix(a, 0, k, FloatFormat.E5M2), new CodeMatrix(b, 0, n, FloatFormat.E5M2),
                new Fp32Matrix(expected, 0, n), m, n, k, false));
        byte[] fp32 = new byte[m * n * 4];
        machine.dram().read(0x40000, fp32, 0, fp32.length);
        byte[] codes = new byte[m * n];
        machine.dram().read(0x30000, codes, 0, codes.length);
        Quantizer rne = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.RNE, Overflow.SATURATE));
        for (int i = 0; i < m * n; i++) {
            int bits = (fp32[4 * i] & 0xFF) | (fp32[4 * i + 1] & 0xFF) << 8 | (fp32[4 * i + 2] & 0xFF) << 16 | (fp32[4 * i + 3] & 0xFF) << 24;
            assertEquals(Float.floatToRawIntBits(expected[i]), bits, "C[" + i + "] little-endian in DRAM");
            assertEquals((byte) rne.quantize(bits, 0), codes[i], "quantized C[" + i + "]");
        }
    }

    @Test
    void preloadStartsFromABiasBlockAndAccumulateFromC() {
        Machine machine = new Machine(EDGE);
        float[] w = machine.accumulator().words();
        for (int j = 0; j < 4; j++) {
            w[256 + j] = j + 0.5f;                        // preload block at acc:0x400 (1 x 4)
        }
        byte[] ones = {0x3C, 0x3C, 0x3C, 0x3C};           // e5m2 1.0
        System.arraycopy(ones, 0, machine.scratchpad().data(), 0, 4);
        Program p = asm("""
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=1 n=4 k=1 lda=1 ldb=4 ldc=4 df=os fa=e5m2 fb=e5m2 init=preload:acc:0x400
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=1 n=4 k=1 lda=1 ldb=4 ldc=4 df=ws fa=e5m2 fb=e5m2 init=accumulate
                halt
                """);
        new Interpreter(machine, Mode.FUNCTIONAL).run(p);
        // 1 x 1 products of 1.0 on top of the bias, twice: bias + 2
        assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f, 5.5f}, java.util.Arrays.copyOf(w, 4));
    }

    @Test
    void srQuantizeDrawsLaneJModLanesRowByRowAndScalesExactly() {
        Machine machine = new Machine(EDGE);
        float[] w = machine.accumulator().words();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 3 * 20; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Program p = asm("""
                quant dst=spad:0x0 src=acc:0x0 rows=3 cols=20 src_ld=20 dst_ld=20 fmt=e5m2 rnd=sr sr_bits=8 ovf=saturate scale=-3
                halt
                """);
        new Interpreter(machine, Mode.FUNCTIONAL).run(p);
        // The default SR source: an LFSR bank, one lane per array column (16), seeded from the machine's seed.
        LfsrBank bank = new LfsrBank(16, EDGE.sr().seed());
        Quantizer sr = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.SR, Overflow.SATURATE));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 20; j++) {
                float scaled = w[i * 20 + j] / 8;         // exact: a power of two, far from FP32's limits
                int expected = sr.quantize(Float.floatToRawIntBits(scaled), bank.nextBits(j % 16, 0, 8));
                assertEquals((byte) expected, machine.scratchpad().data()[i * 20 + j], "row " + i + " col " + j);
            }
        }
    }

    @Test
    void vectorOpsBroadcastAndReduceInAFixedOrder() {
        Machine machine = new Machine(EDGE);
        float[] w = machine.accumulator().words();
        float[] x = {1e8f, 1f, -1e8f, 1f, -0.0f, 3f};      // rows of 3
        System.arraycopy(x, 0, w, 0, 6);
        w[16] = 10f;                                      // scalar
        w[32] = 1f;
        w[33] = 2f;
        w[34] = 3f;                                       // a row vector
        Program p = asm("""
                vop.rsum dst=acc:0x100 a=acc:0x0 rows=2 cols=3 dst_ld=1 a_ld=3
                vop.add dst=acc:0x200 a=acc:0x0 b=acc:0x80 rows=2 cols=3 dst_ld=3 a_ld=3 bcast=row
                vop.mul dst=acc:0x300 a=acc:0x0 b=acc:0x40 rows=2 cols=3 dst_ld=3 a_ld=3 bcast=scalar
                vop.relu dst=acc:0x400 a=acc:0x0 rows=2 cols=3 dst_ld=3 a_ld=3
                halt
                """);
        new Interpreter(machine, Mode.FUNCTIONAL).run(p);
        // left to right: (1e8 + 1) + -1e8 = 0 in FP32 (1e8 + 1 rounds to 1e8); a tree sum would give 1
        assertEquals(0f, w[64]);
        assertEquals(-0.0f + 3f + 1f, w[65]);
        assertArrayEquals(new float[] {1e8f + 1, 3f, -1e8f + 3}, java.util.Arrays.copyOfRange(w, 128, 131));
        assertEquals(1e9f, w[192]);
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(w[256 + 4]), "relu(-0) is +0");
    }

    @Test
    void anOutOfRangeAccessNamesTheInstruction() {
        Machine machine = new Machine(EDGE);
        Program p = asm("""
                halt
                """);
        new Interpreter(machine, Mode.FUNCTIONAL).run(p);
        Program bad = asm("""
                config sr_seed=3
                gemm c=acc:0x0 a=spad:0x3ff00 b=spad:0x0 m=16 n=16 k=64 lda=64 ldb=16 ldc=16 df=ws fa=e5m2 fb=e5m2 init=zero
                halt
                """);
        ExecutionException e = assertThrows(ExecutionException.class, () -> new Interpreter(machine, Mode.FUNCTIONAL).run(bad));
        assertTrue(e.getMessage().startsWith("test.s:2: instruction 1 (gemm"), e.getMessage());
        assertTrue(e.getMessage().contains("scratchpad region [0x3FF00, 0x40300)"), e.getMessage());
        ExecutionException misaligned = assertThrows(ExecutionException.class, () -> new Interpreter(machine, Mode.TIMING).run(asm("""
                dma.load dst=acc:0x2 dram=0x0 rows=1 bytes=4
                halt
                """)));
        assertTrue(misaligned.getMessage().contains("not 4-byte aligned"), misaligned.getMessage());
    }

    @Test
    void aProgramMustEndWithHalt() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> new Interpreter(new Machine(EDGE), Mode.FUNCTIONAL).run(asm("config sr_seed=1\n")));
        assertTrue(e.getMessage().contains("without a halt"), e.getMessage());
    }

    @Test
    void aRunTimeErrorNamesTheAssemblyLine() {
        Program p = Assembler.assemble("# load\nconfig sr_seed=1\n\ndma.load dst=spad:0x3ff00 dram=0x0 rows=16 bytes=64\nhalt\n", "prog.s");
        ExecutionException e = assertThrows(ExecutionException.class, () -> new Interpreter(new Machine(EDGE), Mode.FUNCTIONAL).run(p));
        assertTrue(e.getMessage().startsWith("prog.s:4: instruction 1 (dma.load dst=spad:0x3FF00 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("): scratchpad region [0x3FF00, 0x40300) (16 rows of 64 bytes, stride 64) is outside [0, 0x40000)"),
                e.getMessage());
    }

    @Test
    void aRunTimeErrorNamesTheBinaryFilesByteOffset() {
        Program p = Program.decode(Assembler.assemble("fence\ndma.load dst=acc:0x2 dram=0x0 rows=1 bytes=4\nhalt\n", "x.s").encode(), "prog.bin");
        ExecutionException e = assertThrows(ExecutionException.class, () -> new Interpreter(new Machine(EDGE), Mode.TIMING).run(p));
        assertTrue(e.getMessage().startsWith("prog.bin: byte offset 0x30: instruction 1 (dma.load dst=acc:0x2 "), e.getMessage());
    }

    @Test
    void aMissingHaltNamesTheLastLineAndAnEmptyProgramItsFile() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> new Interpreter(new Machine(EDGE), Mode.FUNCTIONAL)
                .run(Assembler.assemble("config sr_seed=1\nfence mac\n# the end\n", "prog.s")));
        assertEquals("prog.s:2: the program ends without a halt (2 instructions, the last is fence mac); expected halt as the "
                + "last instruction", e.getMessage());
        ExecutionException empty = assertThrows(ExecutionException.class, () -> new Interpreter(new Machine(EDGE), Mode.FUNCTIONAL)
                .run(Assembler.assemble("# nothing\n", "empty.s")));
        assertEquals("empty.s: the program is empty; expected instructions ending with halt", empty.getMessage());
    }
}
