package io.github.fp8sim.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.timing.Accounting;
import org.junit.jupiter.api.Test;

/**
 * A DMA into the accumulator can widen FP8/FP16 codes exactly to FP32 and add them to what is there
 * (how a residual branch stored in FP8 joins the FP32 accumulators); NaN results are canonical.
 */
class ConvertingLoadTest {

    static final MachineConfig EDGE = Presets.get("edge16");

    static float[] run(Machine m, String text) {
        new Interpreter(m, Mode.FUNCTIONAL).run(Assembler.assemble(text, "t.s"));
        return m.accumulator().words();
    }

    @Test
    void fp8CodesWidenExactlyAndAccumulateInFp32() {
        Machine m = new Machine(EDGE);
        // e5m2: 0x3C = 1.0, 0xBE = -1.5, 0x01 = 2^-16 (min subnormal), 0x7B = 57344 (max finite)
        m.dram().write(0x100, new byte[] {0x3C, (byte) 0xBE, 0x01, 0x7B}, 0, 4);
        float[] w = run(m, """
                dma.load dst=acc:0x0 dram=0x100 rows=1 bytes=4 from=e5m2
                dma.load dst=acc:0x40 dram=0x100 rows=1 bytes=4 from=e5m2
                dma.load dst=acc:0x40 dram=0x100 rows=1 bytes=4 from=e5m2 write=accumulate
                halt
                """);
        assertEquals(1.0f, w[0]);
        assertEquals(-1.5f, w[1]);
        assertEquals(0x1.0p-16f, w[2]);
        assertEquals(57344f, w[3]);
        assertEquals(2.0f, w[16]);
        assertEquals(-3.0f, w[17]);
        assertEquals(0x1.0p-15f, w[18]);
        assertEquals(114688f, w[19], "past e5m2's range: the accumulator is FP32");
    }

    @Test
    void fp16RowsWidenTwoBytesPerElementWithStrides() {
        Machine m = new Machine(EDGE);
        // two rows of two fp16 values, little-endian: 1.0 (0x3C00), 0.5 (0x3800) | 65504 (0x7BFF), -2 (0xC000)
        m.dram().write(0x200, new byte[] {0x00, 0x3C, 0x00, 0x38, 0, 0, 0, 0, (byte) 0xFF, 0x7B, 0x00, (byte) 0xC0}, 0, 12);
        float[] w = run(m, """
                dma.load dst=acc:0x0 dram=0x200 rows=2 bytes=4 dram_stride=8 local_stride=32 from=fp16
                halt
                """);
        assertEquals(1.0f, w[0]);
        assertEquals(0.5f, w[1]);
        assertEquals(65504f, w[8]);
        assertEquals(-2f, w[9]);
    }

    @Test
    void nanResultsAreCanonical() {
        Machine m = new Machine(EDGE);
        m.accumulator().words()[0] = Float.intBitsToFloat(0x7FC0_1234);   // a NaN with a payload
        m.dram().write(0x0, new byte[] {0x3C}, 0, 1);
        float[] w = run(m, """
                dma.load dst=acc:0x0 dram=0x0 rows=1 bytes=1 from=e5m2 write=accumulate
                vop.add dst=acc:0x10 a=acc:0x0 b=acc:0x0 rows=1 cols=1
                halt
                """);
        assertEquals(0x7FC0_0000, Float.floatToRawIntBits(w[0]));
        assertEquals(0x7FC0_0000, Float.floatToRawIntBits(w[4]));
    }

    @Test
    void anAccumulatingLoadWaitsForTheGemmThatWritesItsTarget() {
        Program p = Assembler.assemble("""
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=16 n=16 k=16 df=os fa=e5m2 fb=e5m2
                dma.load dst=acc:0x0 dram=0x0 rows=16 bytes=16 local_stride=64 from=e5m2 write=accumulate
                dma.load dst=acc:0x4000 dram=0x0 rows=16 bytes=16 local_stride=64 from=e5m2
                halt
                """, "t.s");
        Accounting acc = new Accounting(EDGE, true);
        new Interpreter(new Machine(EDGE), Mode.TIMING).listen(acc).run(p);
        long gemmEnd = acc.steps().get(0).slot().end();
        assertEquals(gemmEnd, acc.steps().get(1).slot().start(), "it reads the GEMM's outputs");
        long firstLoadEnd = acc.steps().get(1).slot().end();
        assertEquals(firstLoadEnd, acc.steps().get(2).slot().start(), "the next load only waits for the DMA unit");
        assertEquals(16 * 16, acc.actions().get(io.github.fp8sim.runtime.energy.EnergyAction.ACC_ADD));
    }
}
