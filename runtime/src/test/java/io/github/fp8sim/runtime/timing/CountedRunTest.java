package io.github.fp8sim.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.api.Test;

class CountedRunTest {

    private static final MachineConfig EDGE = Presets.get("edge16");

    /** Two GEMMs of 64x64x64 (262,144 MACs each), then a halt; anything after the halt never runs. */
    private static final Program TWO_GEMMS = Assembler.assemble("""
            gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
            gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2 init=accumulate
            halt
            gemm c=acc:0x0 a=spad:0x0 b=spad:0x1000 m=64 n=64 k=64 df=ws fa=e5m2 fb=e5m2
            """, "t.s");

    @Test
    void countsEveryInstructionUpToTheHalt() {
        CountedRun run = CountedRun.keepingSteps(new Machine(EDGE), Mode.TIMING);
        assertEquals(3, run.run(TWO_GEMMS));
        assertEquals(3, run.accounting().steps().size());
        assertEquals(2L * 64 * 64 * 64, run.accounting().macs());
    }

    @Test
    void laterListenersSeeTheInstructionAlreadyCounted() {
        CountedRun run = CountedRun.on(new Machine(EDGE), Mode.TIMING);
        List<Integer> seen = new ArrayList<>();
        run.listen((index, insn) -> {
            assertNotNull(run.accounting().last());
            seen.add(run.accounting().last().index());
        });
        run.run(TWO_GEMMS);
        assertEquals(List.of(0, 1, 2), seen);
    }

    @Test
    void totalsOnlyUnlessStepsAreKept() {
        CountedRun run = CountedRun.on(new Machine(EDGE), Mode.TIMING);
        run.run(TWO_GEMMS);
        assertThrows(IllegalStateException.class, () -> run.accounting().steps());
    }

    @Test
    void aTimingRunOnAFreshMachineCostsWhatTheSameRunCostsOnAnother() {
        CountedRun run = CountedRun.on(new Machine(EDGE), Mode.TIMING);
        run.run(TWO_GEMMS);
        Accounting timed = CountedRun.timing(EDGE, TWO_GEMMS);
        assertEquals(run.accounting().cycles(), timed.cycles());
        assertEquals(2L * 64 * 64 * 64, timed.macs());
    }
}
