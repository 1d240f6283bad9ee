package io.github.fp8sim.runtime.timing;

import io.github.fp8sim.isa.insn.Space;

/** A byte range [start, end) of one memory, the bounding interval of what an instruction reads or writes. */
public record Region(Space space, long start, long end) {

    /** The bounding interval of {@code rows} rows of {@code rowBytes} bytes, {@code stride} apart. */
    public static Region of(Space space, long addr, long rows, long rowBytes, long stride) {
        if (rows <= 0 || rowBytes <= 0) {
            return new Region(space, addr, addr);   // empty: depends on nothing
        }
        return new Region(space, addr, addr + (rows - 1) * stride + rowBytes);
    }

    public boolean overlaps(Region o) {
        return space == o.space && start < o.end && o.start < end;
    }
}
