package io.github.fp8sim.traces.trace;

import java.util.List;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.progress.Progress;
import io.github.fp8sim.runtime.timing.CountedRun;

/** Records traces: runs a program on a fresh machine with the accounting and tracing listeners. */
public final class Tracing {

    private Tracing() {
    }

    /**
     * Runs {@code program} on a new machine built from {@code config}, with {@code dramIn} loaded
     * first, and returns its trace. The seed recorded is the machine's SR seed.
     */
    public static Trace record(MachineConfig config, Mode mode, Program program, List<Trace.DramImage> dramIn) {
        return record(config, mode, program, dramIn, Progress.NONE);
    }

    /** {@link #record(MachineConfig, Mode, Program, List)}, counting executed instructions on {@code progress}. */
    public static Trace record(MachineConfig config, Mode mode, Program program, List<Trace.DramImage> dramIn, Progress progress) {
        Machine machine = new Machine(config);
        for (Trace.DramImage d : dramIn) {
            if (d.addr() < 0 || d.addr() + d.bytes().length > config.dram().bytes()) {
                throw new InputException("DRAM image of " + d.bytes().length + " bytes at " + Trace.hexAddr(d.addr())
                        + " does not fit the machine's DRAM (" + config.dram().bytes() + " bytes)");
            }
            machine.dram().write(d.addr(), d.bytes(), 0, d.bytes().length);
        }
        CountedRun run = CountedRun.on(machine, mode);
        TraceRecorder recorder = new TraceRecorder(machine, mode, run.accounting());
        try (Progress.Task task = progress.task("recording", program.size())) {
            run.listen(recorder).listen(task.perInstruction()).run(program);
        }
        return new Trace(config, mode, config.sr().seed(), program, dramIn, recorder.rows());
    }

    /** Re-records a trace's own run: same machine, mode, program and DRAM images. */
    public static Trace rerun(Trace t) {
        return record(t.machine(), t.mode(), t.program(), t.dramIn());
    }
}
