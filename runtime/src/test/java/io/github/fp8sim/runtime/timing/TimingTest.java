package io.github.fp8sim.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyAction;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.api.Test;

/**
 * The machine model's cycles, worked by hand on the edge16 preset (16x16 array, DRAM 16 B/cycle with
 * 100 cycles of latency), and the units overlapping only where the data allows.
 */
class TimingTest {

    static final MachineConfig EDGE = Presets.get("edge16");

    static Accounting run(String text, Mode mode) {
        Program p = Assembler.assemble(text, "t.s");
        Accounting acc = new Accounting(EDGE, true);
        new Interpreter(new Machine(EDGE), mode).listen(acc).run(p);
        return acc;
    }

    @Test
    void aWeightStationaryGemmFollowsTheWorkedExample() {
        Accounting a = run("""
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
                halt
                """, Mode.TIMING);
        // folds = ceil(64/16) * ceil(64/16) = 16; first weight preload 16, 16 folds of max(M=64, R=16), fill/drain 16+16-2
        assertEquals(16 + 16 * 64 + 30, a.cycles());
        // SCALE-Sim ws: ceil(K/R) * ceil(N/C) * (M + 2R + C - 2) - 1 = 16 * (64 + 32 + 16 - 2) - 1
        assertEquals(16 * 110 - 1, a.scaleSimComputeCycles());
        assertEquals(64L * 64 * 64, a.macs());
        assertEquals(64L * 64 * 64, a.actions().get(EnergyAction.MAC));
        // each of the 4 K tiles adds its partial sums into all 64 x 64 accumulators
        assertEquals(4L * 64 * 64, a.actions().get(EnergyAction.ACC_ADD));
    }

    @Test
    void outputAndInputStationaryFollowTheirFormulas() {
        Accounting os = run("gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=40 n=20 k=100 df=os fa=e5m2 fb=e5m2\nhalt\n", Mode.TIMING);
        // os folds = ceil(40/16) * ceil(20/16) = 3 * 2 = 6; 6 * max(100, 16) + (16 + 16 - 2) + 16
        assertEquals(6 * 100 + 30 + 16, os.cycles());
        // SCALE-Sim os: 6 * (K + R + C - 2) - 1 = 6 * 130 - 1
        assertEquals(6 * 130 - 1, os.scaleSimComputeCycles());
        Accounting is = run("gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=40 n=20 k=100 df=is fa=e5m2 fb=e5m2\nhalt\n", Mode.TIMING);
        // is folds = ceil(K/R) * ceil(M/C) = 7 * 3 = 21; 16 + 21 * max(N=20, 16) + 30
        assertEquals(16 + 21 * 20 + 30, is.cycles());
        // SCALE-Sim is (ws with M and N exchanged): 21 * (N + 2R + C - 2) - 1 = 21 * (20 + 46) - 1
        assertEquals(21 * 66 - 1, is.scaleSimComputeCycles());
    }

    @Test
    void dmaTakesLatencyPlusBytesOverBandwidthAndAGemmWaitsForItsOperands() {
        Accounting a = run("""
                dma.load dst=spad:0x0 dram=0x0 rows=64 bytes=64
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
                halt
                """, Mode.TIMING);
        long load = 100 + 64 * 64 / 16;
        assertEquals(new Timeline.Slot(0, load), a.steps().get(0).slot());
        assertEquals(load, a.steps().get(1).slot().start(), "read after write: the GEMM starts when its data lands");
        assertEquals(load + 1070, a.cycles());
    }

    @Test
    void doubleBufferingOverlapsDmaWithComputeButNeverOverwritesDataInUse() {
        Accounting a = run("""
                dma.load dst=spad:0x0 dram=0x0 rows=64 bytes=64
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
                dma.load dst=spad:0x2000 dram=0x10000 rows=64 bytes=64
                gemm c=acc:0x4000 a=spad:0x2000 b=spad:0x2000 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
                dma.load dst=spad:0x0 dram=0x20000 rows=64 bytes=64
                halt
                """, Mode.TIMING);
        long load = 356;
        long gemm = 1070;
        var s = a.steps();
        assertEquals(load, s.get(2).slot().start(), "the second load only waits for the DMA unit, not the GEMM");
        assertEquals(load + gemm, s.get(3).slot().start(), "the second GEMM waits for the array, its data came earlier");
        // the third load overwrites buffer 0, which the first GEMM reads until load + gemm: write after read
        assertEquals(load + gemm, s.get(4).slot().start());
        assertEquals(load + 2 * gemm, a.cycles());
        assertTrue(a.cycles() < 3 * load + 2 * gemm, "overlap saves the second and third loads' time");
    }

    @Test
    void aFenceHoldsLaterInstructionsUntilTheNamedUnitsFinish() {
        Accounting a = run("""
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
                fence mac
                dma.load dst=spad:0x8000 dram=0x0 rows=1 bytes=16
                halt
                """, Mode.TIMING);
        assertEquals(1070, a.steps().get(2).slot().start());
    }

    @Test
    void timingModeCountsExactlyWhatFunctionalModeCounts() {
        String prog = """
                dma.load dst=spad:0x0 dram=0x0 rows=32 bytes=32
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=32 n=32 k=32 df=os fa=e5m2 fb=e5m2
                quant dst=spad:0x1000 src=acc:0x0 rows=32 cols=32 fmt=e5m2 rnd=sr
                vop.relu dst=acc:0x0 a=acc:0x0 rows=32 cols=32
                dma.store src=spad:0x1000 dram=0x100000 rows=32 bytes=32
                halt
                """;
        Accounting f = run(prog, Mode.FUNCTIONAL);
        Accounting t = run(prog, Mode.TIMING);
        assertEquals(f.cycles(), t.cycles());
        EnergyTable table = EnergyTable.defaults();
        assertEquals(f.energyPicojoules(table), t.energyPicojoules(table));
        for (EnergyAction act : EnergyAction.values()) {
            assertEquals(f.actions().get(act), t.actions().get(act), act.key());
        }
        // 32 x 32 SR roundings of 8 bits each; DRAM moved 32*32 bytes in and 32*32 out
        assertEquals(32L * 32 * 8, f.actions().get(EnergyAction.SR_BIT));
        assertEquals(2L * 32 * 32, f.actions().get(EnergyAction.DRAM_BYTE));
    }

    @Test
    void energyIsCountsTimesTheTable() {
        Accounting a = run("gemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=16 n=16 k=16 df=os fa=e5m2 fb=e5m2\nhalt\n", Mode.TIMING);
        EnergyTable t = EnergyTable.defaults();
        double expected = Arrays.stream(EnergyAction.values()).mapToDouble(x -> a.actions().get(x) * t.picojoules(x)).sum();
        assertEquals(expected, a.energyPicojoules(t), 1e-9 * expected);
        assertEquals(a.cycles() * 256, a.actions().get(EnergyAction.LEAKAGE_PE_CYCLE), "every PE leaks every cycle");
    }
}
