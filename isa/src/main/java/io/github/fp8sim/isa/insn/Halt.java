package io.github.fp8sim.isa.insn;

/** {@code halt}: the end of a program. */
public record Halt() implements Instruction {
}
