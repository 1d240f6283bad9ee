package io.github.fp8sim.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;

import io.github.fp8sim.runtime.energy.EnergyAction;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.api.Test;

/**
 * A 16x16x16 GEMM with its DMA, on edge16 (16x16 weight-stationary array; scratchpad 4 banks x 16 B =
 * 64 B/cycle; accumulator 2 banks x 64 B = 128 B/cycle; DRAM 16 B/cycle after 100 cycles of latency;
 * 16 SR lanes, one per column): every action count, every instruction's slot and the energy, counted
 * by hand from the cost model's rules (CostModel's Javadoc, ARCHITECTURE.md section 4).
 */
class GemmWithDmaActionCountsTest {

    private static final String PROGRAM = """
            dma.load dst=spad:0x0 dram=0x0 rows=16 bytes=16         # A, 16 x 16 e5m2 codes
            dma.load dst=spad:0x100 dram=0x100 rows=16 bytes=16     # B, 16 x 16 e5m2 codes
            gemm c=acc:0x0 a=spad:0x0 b=spad:0x100 m=16 n=16 k=16 df=ws fa=e5m2 fb=e5m2
            quant dst=spad:0x200 src=acc:0x0 rows=16 cols=16 fmt=e5m2 rnd=sr
            dma.store src=spad:0x200 dram=0x200 rows=16 bytes=16
            halt
            """;

    @Test
    void everyActionCountIsTheHandCount() {
        Accounting a = TimingTest.run(PROGRAM, Mode.FUNCTIONAL);
        Map<EnergyAction, Long> expected = new EnumMap<>(EnergyAction.class);
        // DRAM: two loads of 16 rows x 16 bytes and one store of 16 x 16: 3 x 256.
        expected.put(EnergyAction.DRAM_BYTE, 3L * 256);
        // Scratchpad writes: what the loads bring (2 x 256) and the quantized output, 256 elements x 1 byte.
        expected.put(EnergyAction.SPAD_WRITE_BYTE, 2L * 256 + 256);
        // Scratchpad reads: ws reads B once (K x N = 256) and A once per column fold (ceil(N/C) = 1 x M x K = 256);
        // the store reads its 256 bytes.
        expected.put(EnergyAction.SPAD_READ_BYTE, 256L + 256 + 256);
        // MACs: M x N x K.
        expected.put(EnergyAction.MAC, 16L * 16 * 16);
        // ws: one K tile (ceil(16/16)); its partial sums go into all 16 x 16 accumulators, 4 bytes each,
        // counted as one accumulator add per output per K tile; nothing is read back (one tile, init=zero).
        expected.put(EnergyAction.ACC_ADD, 256L);
        expected.put(EnergyAction.ACC_WRITE_BYTE, 256L * 4);
        // The quantize reads the 256 FP32 accumulators: 256 x 4 bytes.
        expected.put(EnergyAction.ACC_READ_BYTE, 256L * 4);
        // One conversion per element, with 8 random bits each (sr, the machine's default r = 8).
        expected.put(EnergyAction.QUANTIZE, 256L);
        expected.put(EnergyAction.SR_BIT, 256L * 8);
        expected.put(EnergyAction.VECTOR_OP, 0L);
        expected.put(EnergyAction.VECTOR_SPECIAL, 0L);
        // Leakage: every one of the 16 x 16 PEs over the whole run (428 cycles, below).
        expected.put(EnergyAction.LEAKAGE_PE_CYCLE, 428L * 256);

        for (EnergyAction action : EnergyAction.values()) {
            assertEquals(expected.get(action), a.actions().get(action), action.key());
        }
        // Timing mode counts without computing and must count the same.
        Accounting timing = TimingTest.run(PROGRAM, Mode.TIMING);
        for (EnergyAction action : EnergyAction.values()) {
            assertEquals(expected.get(action), timing.actions().get(action), "timing mode, " + action.key());
        }

        EnergyTable table = EnergyTable.defaults();
        double pj = 0;
        for (EnergyAction action : EnergyAction.values()) {
            pj += expected.get(action) * table.picojoules(action);
        }
        assertEquals(pj, a.energyPicojoules(table), 1e-9 * pj);
        assertEquals(4096, a.macs());
    }

    @Test
    void everyInstructionRunsInTheSlotTheRulesGive() {
        Accounting a = TimingTest.run(PROGRAM, Mode.TIMING);
        long[][] slots = a.steps().stream().map(s -> new long[] {s.slot().start(), s.slot().end()}).toArray(long[][]::new);
        // load A: DMA-in, latency 100 + ceil(256 B / 16 B per cycle) = 116.
        assertSlot(0, 116, slots[0]);
        // load B: the same, after A on the one DMA-in unit.
        assertSlot(116, 232, slots[1]);
        // gemm waits for B. ws: folds = ceil(K/R) x ceil(N/C) = 1; R + folds x max(M, R) + (R + C - 2)
        // = 16 + 16 + 30 = 62; the SRAM bound is max(ceil(512 / 64), ceil(1024 / 128)) = 8, below it.
        assertSlot(232, 232 + 62, slots[2]);
        // quant waits for the accumulators: ceil(256 / 16 lanes) + 2 pipeline cycles = 18, on the vector unit.
        assertSlot(294, 294 + 18, slots[3]);
        // store waits for the quantized bytes: 100 + ceil(256 / 16) = 116 on DMA-out.
        assertSlot(312, 312 + 116, slots[4]);
        assertEquals(428, a.cycles());
        // SCALE-Sim's ws figure beside it: ceil(K/R) x ceil(N/C) x (M + 2R + C - 2) - 1 = 1 x (16 + 32 + 14) - 1.
        assertEquals(61, a.scaleSimComputeCycles());
        // The array's busy share: 4096 MACs / (428 cycles x 256 PEs).
        assertEquals(4096.0 / (428 * 256), a.utilization(), 1e-15);
    }

    private static void assertSlot(long start, long end, long[] slot) {
        assertEquals(start, slot[0], "start");
        assertEquals(end, slot[1], "end");
    }
}
