package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.NumFormat;

/** A tensor's home in DRAM: where it starts, its number format and its {@link TensorLayout}. */
public record Buffer(long addr, NumFormat format, TensorLayout layout) {

    public int bytesPerElement() {
        return format.bits() / 8;
    }

    public long bytes() {
        return layout.storedElements() * bytesPerElement();
    }
}
