package io.github.fp8sim.isa.insn;

/**
 * One instruction of the accelerator: one record per kind, one file each (Spike's {@code riscv/insns/}).
 *
 * <p>Records only hold their fields and range-check them against the encoding widths in {@link Widths}
 * (IllegalArgumentException naming the field, the value and the allowed range); fields an instruction
 * does not read must be zero, so every instruction has exactly one encoding and one text form. What an
 * instruction does lives in the runtime's interpreter; where its bits go lives in {@code Opcode}.
 * A program is a straight list of instructions ending with {@link Halt}: there are no branches.
 */
public sealed interface Instruction permits DmaLoad, DmaStore, Gemm, Quantize, VectorOp, Config, Fence, Halt {
}
