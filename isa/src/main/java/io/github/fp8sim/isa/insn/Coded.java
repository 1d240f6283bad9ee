package io.github.fp8sim.isa.insn;

/**
 * An ISA enum: a fixed binary code (part of the encoding contract, so it never follows declaration order)
 * and a lower-case text name (part of the assembly syntax).
 */
interface Coded {
    /** The value stored in the instruction's field. */
    int code();

    /** The name used in assembly text. */
    String text();
}
