package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.workloads.topology.Topology;
import org.junit.jupiter.api.Test;

/**
 * One ResNet-18 layer's machine-model cycles, derived by hand from the documented rules: the tile plan
 * (TilePlan), the lowering's instruction order and double buffering (GemmLowering), and the cost model
 * (CostModel's Javadoc, ARCHITECTURE.md section 4). The layer is layer4's 3x3 convolution, Conv5_1b of
 * examples/resnet18-conv.csv, on the default machine: a 32x32 weight-stationary array; scratchpad 8 banks
 * x 16 B = 128 B/cycle; accumulator 4 banks x 64 B = 256 B/cycle; DRAM 32 B/cycle after 100 cycles of
 * latency; 32 SR lanes.
 */
class ResNet18LayerCyclesTest {

    private static final String CONV5_1B = """
            Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
            Conv5_1b, 9, 9, 3, 3, 512, 512, 1,
            """;

    @Test
    void conv51bTakesTheCyclesTheRulesGive() {
        MachineConfig machine = Presets.get("default");
        CompiledProgram compiled = TopologyCompiler.compile(Topology.parse("conv5_1b.csv", "conv5_1b", CONV5_1B), machine,
                OutputSpec.E5M2_RNE);

        // The GEMM: Ho = Wo = 9 - 3 + 1 = 7, so M = 49; N = 512 filters; K = 3 x 3 x 512 = 4608.
        int m = 49;
        int n = 512;
        int k = 4608;
        // Tiles: K at most 8R = 256 (a multiple of R = 32): 256; N at most 4C = 128: 128; M whole (49 <= 256).
        // They fit: scratchpad 2 (49x256 + 256x128) + 2 x 49x128 = 103168 B <= 512 KiB; accumulator
        // 2 x 49x128x4 + 8x128 = 51200 B <= 128 KiB.
        int mt = 49;
        int nt = 128;
        int kt = 256;
        GemmLayer layer = compiled.layers().get(0).gemm();
        assertEquals(new TilePlan(mt, nt, kt), TilePlan.of(machine, layer));
        int nTiles = n / nt;                 // 4
        int kSteps = k / kt;                 // 18 per N tile
        int steps = nTiles * kSteps;         // 72 GEMM instructions, each with an A and a B load before it

        // DMA-in of one step: latency 100 + bytes / 32.
        long loadA = 100 + (long) mt * kt / 32;          // 49 x 256 B: 100 + 392 = 492
        long loadB = 100 + (long) kt * nt / 32;          // 256 x 128 B: 100 + 1024 = 1124
        // One GEMM tile, ws: folds = ceil(256/32) x ceil(128/32) = 32; R + folds x max(M, R) + (R + C - 2)
        // = 32 + 32 x 49 + 62 = 1662. The SRAMs allow it: the scratchpad reads K x N + ceil(N/C) x M x K
        // = 82944 B (648 cycles at 128 B); the accumulator moves at most 2 x 8 K tiles x 49x128 x 4 B
        // = 401408 B (1568 cycles at 256 B).
        long gemm = 32 + 32L * Math.max(mt, 32) + (32 + 32 - 2);
        // After each N tile's last GEMM: quantize 49x128 elements on 32 lanes, + 2 pipeline cycles; then
        // store 49 x 128 B: 100 + 6272 / 32.
        long quantize = (long) mt * nt / 32 + 2;        // 198
        long store = 100 + (long) mt * nt / 32;         // 296

        // Schedule. The first GEMM waits for A0 and B0: it starts at loadA + loadB = 1616. The loads of step
        // j >= 2 reuse step j-2's buffers, so they wait for GEMM j-2 to finish, and end at its end + 1616,
        // which is before GEMM j-1 ends (its end + 1662): from then on the array never waits, the GEMMs run
        // back to back, and the loads hide under them. The accumulator tiles alternate per N tile, so no
        // GEMM waits for a quantize either.
        long firstGemmStart = loadA + loadB;
        long lastGemmEnd = firstGemmStart + steps * gemm;   // 1616 + 72 x 1662 = 121280
        // The earlier N tiles' quantize and store run under later GEMMs; the last tile's follow the last GEMM.
        long expected = lastGemmEnd + quantize + store;     // 121774

        Accounting a = new Accounting(machine, false);
        new Interpreter(new Machine(machine), Mode.TIMING).listen(a).run(compiled.program());
        assertEquals(121_774, expected);
        assertEquals(expected, a.cycles());
        assertEquals((long) m * n * k, a.macs());
        // SCALE-Sim's figure beside it, per GEMM tile: ceil(K/R) x ceil(N/C) x (M + 2R + C - 2) - 1 = 32 x 143 - 1.
        assertEquals(steps * (32L * (mt + 64 + 30) - 1), a.scaleSimComputeCycles());
    }
}
