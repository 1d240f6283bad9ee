package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Instruction;

/**
 * Something added to an accumulator tile after its GEMM and folded BatchNorm, before ReLU: in a
 * residual block, the shortcut tensor, loaded from DRAM by accumulating, widening DMAs.
 */
@FunctionalInterface
public interface TileEpilogue {
    /** Emits what adds into the m x n FP32 tile at {@code accAddr} (row stride n x 4 bytes) for rows m0.. and columns n0... */
    void addInto(int m0, int m, int n0, int n, long accAddr, List<Instruction> out);
}
