package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.testkit.RandomCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lowered GEMM layer, run on the interpreter, equals the untiled contract: the whole GEMM in the
 * machine's dataflow (ReferenceGemm), then + bias in FP32, ReLU, and RNE quantization. A small machine
 * forces many tiles in every dimension, and ragged edges.
 */
class GemmLoweringTest {

    static MachineConfig small(String dataflow) {
        return MachineFiles.parse("""
                {"base": "edge16", "name": "tiny", "array": {"rows": 8, "cols": 8, "dataflow": "%s"},
                 "scratchpad": {"bytes": 8192, "banks": 4}, "accumulator": {"bytes": 8192, "banks": 2}}
                """.formatted(dataflow), false);
    }

    static byte[] codes(int n, SplittableRandom r) {
        return RandomCodes.signed(r, n, 0x28, 0x58);   // finite e5m2, 2^-6 .. 2^6
    }

    @ParameterizedTest(name = "{0}: {1}x{2}x{3}")
    @CsvSource({"os,50,37,70", "ws,50,37,70", "is,50,37,70", "ws,8,8,8", "ws,100,20,200", "os,1,100,3"})
    void aLoweredLayerComputesTheUntiledContract(String df, int m, int n, int k) {
        MachineConfig machine = small(df);
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        byte[] a = codes(m * k, r);
        byte[] b = codes(k * n, r);
        float[] bias = new float[n];
        for (int j = 0; j < n; j++) {
            bias[j] = (float) r.nextGaussian();
        }
        long aAddr = 0x10000;
        long bAddr = 0x40000;
        long biasAddr = 0x80000;
        long outAddr = 0x90000;
        Epilogue biasRelu = new Epilogue(OptionalLong.empty(), OptionalLong.of(biasAddr), true,
                new OutputSpec(NumFormat.E5M2, RoundMode.RNE, OverflowMode.SATURATE, 8, 0));
        GemmLayer layer = new GemmLayer("fc", m, n, k, new Operand(aAddr, k, NumFormat.E5M2),
                new Operand(bAddr, n, NumFormat.E5M2), biasRelu, outAddr, n);
        TilePlan plan = TilePlan.of(machine, layer);
        assertTrue(plan.kTile() % 8 == 0 || plan.kTile() >= k, "K tiles are whole multiples of R: " + plan);
        List<Instruction> prog = new ArrayList<>();
        GemmLowering.emit(layer, machine, plan, prog);
        prog.add(new Halt());
        long gemms = prog.stream().filter(i -> i instanceof Gemm).count();
        long expectedGemms = (long) ceil(m, plan.mTile()) * ceil(n, plan.nTile()) * ceil(k, plan.kTile());
        assertEquals(expectedGemms, gemms);

        Machine mc = new Machine(machine);
        mc.dram().write(aAddr, a, 0, a.length);
        mc.dram().write(bAddr, b, 0, b.length);
        byte[] biasBytes = new byte[4 * n];
        for (int j = 0; j < n; j++) {
            int bits = Float.floatToRawIntBits(bias[j]);
            for (int q = 0; q < 4; q++) {
                biasBytes[4 * j + q] = (byte) (bits >>> (8 * q));
            }
        }
        mc.dram().write(biasAddr, biasBytes, 0, biasBytes.length);
        Accounting acc = new Accounting(machine, false);
        new Interpreter(mc, Mode.FUNCTIONAL).listen(acc).run(new Program(prog));
        assertEquals((long) m * n * k, acc.macs());

        float[] c = new float[m * n];
        ReferenceGemm.gemm(new ArrayShape(8, 8), ArrayDataflow.parse(df), Accumulation.FP32, new GemmCall(
                new CodeMatrix(a, 0, k, FloatFormat.E5M2), new CodeMatrix(b, 0, n, FloatFormat.E5M2),
                new Fp32Matrix(c, 0, n), m, n, k, false));
        Quantizer rne = new Quantizer(QuantSpec.of(FloatFormat.E5M2, Rounding.RNE, Overflow.SATURATE));
        byte[] got = new byte[m * n];
        mc.dram().read(outAddr, got, 0, got.length);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float v = Math.max(c[i * n + j] + bias[j], 0.0f);
                assertEquals((byte) rne.quantize(Float.floatToRawIntBits(v), 0), got[i * n + j], "out[" + i + "][" + j + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0} chunk {1}")
    @CsvSource({"os,0,64", "os,5,60", "os,48,48", "os,100,100", "ws,5,64", "is,48,64"})
    void kTilesAreWholeArrayHeightsOrWholeOsChunks(String df, int chunk, int expectedKTile) {
        // the 8x8 machine prefers K tiles of 8 R = 64: OS chunks restart at each instruction, so its K tiles
        // are whole chunks instead; WS and IS ignore the chunk (their partial sums are R products)
        MachineConfig machine = MachineFiles.parse("""
                {"base": "edge16", "array": {"rows": 8, "cols": 8, "dataflow": "%s"}, "numerics": {"chunk": %d}}
                """.formatted(df, chunk), false);
        GemmLayer layer = new GemmLayer("fc", 32, 16, 1000, new Operand(0, 1000, NumFormat.E5M2),
                new Operand(0, 16, NumFormat.E5M2), Epilogue.quantize(OutputSpec.E5M2_RNE), 0, 16);
        for (TilePlan plan : List.of(TilePlan.of(machine, layer), TilePlan.grown(machine, layer))) {
            assertTrue(plan.kTile() % expectedKTile == 0 || plan.kTile() >= layer.k(), plan + ": K tiles of " + expectedKTile + " expected");
            assertTrue(plan.keepsAccumulationOrder(machine, layer.k()), plan.toString());
        }
        assertEquals(expectedKTile, TilePlan.of(machine, layer).kTile());
        assertEquals(df.equals("os") && chunk == 0, new TilePlan(32, 16, 7).keepsAccumulationOrder(machine, 1000),
                "K tiles of 7 keep plain OS's order only");
    }

    static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}
