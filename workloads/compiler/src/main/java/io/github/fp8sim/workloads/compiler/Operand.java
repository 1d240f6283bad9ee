package io.github.fp8sim.workloads.compiler;

import java.util.Objects;

import io.github.fp8sim.isa.insn.NumFormat;

/**
 * A matrix as a GEMM layer reads it from DRAM: row-major from {@code addr}, rows {@code rowStride}
 * bytes apart, elements in {@code format}. Its rows and columns are the layer's (A is M x K, B is K x N).
 */
public record Operand(long addr, long rowStride, NumFormat format) {

    public Operand {
        Objects.requireNonNull(format, "format");
        if (addr < 0 || rowStride < 1) {
            throw new IllegalArgumentException("an operand needs an address >= 0 and a row stride >= 1, got " + addr
                    + " and " + rowStride);
        }
    }
}
