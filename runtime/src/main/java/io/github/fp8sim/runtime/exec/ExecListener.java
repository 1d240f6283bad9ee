package io.github.fp8sim.runtime.exec;

import io.github.fp8sim.isa.insn.Instruction;

/** Called by the interpreter after each instruction's semantics (timing, energy, tracing are listeners). */
@FunctionalInterface
public interface ExecListener {
    void executed(int index, Instruction insn);
}
