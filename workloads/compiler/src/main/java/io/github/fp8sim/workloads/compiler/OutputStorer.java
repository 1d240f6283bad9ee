package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Instruction;

/** Where a GEMM's output rows go: the DMA stores of an m x n tile of codes (row-major, n * bytes per row) from the scratchpad. */
@FunctionalInterface
public interface OutputStorer {
    void store(int m0, int m, int n0, int n, long spadAddr, List<Instruction> out);
}
