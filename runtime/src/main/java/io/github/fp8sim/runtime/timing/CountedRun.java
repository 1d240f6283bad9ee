package io.github.fp8sim.runtime.timing;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.ExecListener;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;

/**
 * One counted run of a program on a machine: an {@link Interpreter} whose first listener is a fresh
 * {@link Accounting} of the machine's configuration, so every later listener (a trace recorder, a
 * per-layer split) sees the instruction's cost already counted ({@link Accounting#last()}). The one
 * place an interpreter and its accounting are put together.
 *
 * <pre>{@code
 * CountedRun run = CountedRun.on(machine, Mode.FUNCTIONAL);
 * int executed = run.threads(pool).listen(recorder).run(program);
 * long cycles = run.accounting().cycles();
 * }</pre>
 */
public final class CountedRun {

    private final Interpreter interpreter;
    private final Accounting accounting;

    private CountedRun(Machine machine, Mode mode, boolean keepSteps) {
        this.accounting = new Accounting(machine.config(), keepSteps);
        this.interpreter = new Interpreter(machine, mode).listen(accounting);
    }

    /** A run on {@code machine} whose accounting keeps totals only. */
    public static CountedRun on(Machine machine, Mode mode) {
        return new CountedRun(machine, mode, false);
    }

    /** A run on {@code machine} whose accounting keeps every step ({@link Accounting#steps()}). */
    public static CountedRun keepingSteps(Machine machine, Mode mode) {
        return new CountedRun(machine, mode, true);
    }

    /** What {@code program} costs on a fresh machine of {@code config}, run in timing mode (no values computed). */
    public static Accounting timing(MachineConfig config, Program program) {
        CountedRun run = on(new Machine(config), Mode.TIMING);
        run.run(program);
        return run.accounting();
    }

    /** Shares large GEMMs' rows among {@code pool}'s threads ({@link Interpreter#threads}). */
    public CountedRun threads(GemmThreads pool) {
        interpreter.threads(pool);
        return this;
    }

    /** Adds a listener, called after the accounting and after the listeners added before it. */
    public CountedRun listen(ExecListener listener) {
        interpreter.listen(listener);
        return this;
    }

    /** Runs {@code program} to its halt; returns the number of instructions executed. */
    public int run(Program program) {
        return interpreter.run(program);
    }

    /** The run's costs: cycles, energy actions, MACs, and the steps when kept. */
    public Accounting accounting() {
        return accounting;
    }
}
