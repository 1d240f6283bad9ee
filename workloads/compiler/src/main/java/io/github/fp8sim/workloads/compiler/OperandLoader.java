package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Instruction;

/** Where a GEMM's A operand comes from: the DMA loads that fill an m x k tile of A (row-major, k bytes per row) in the scratchpad. */
@FunctionalInterface
public interface OperandLoader {
    void loadA(int m0, int m, int k0, int k, long spadAddr, List<Instruction> out);
}
