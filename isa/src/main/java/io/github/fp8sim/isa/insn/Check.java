package io.github.fp8sim.isa.insn;

import java.util.Objects;

/** Field checks for the records' compact constructors; every message names the field, the value and the range. */
final class Check {
    private Check() {
    }

    static void unsigned(String field, long value, int bits) {
        range(field, value, 0, Widths.maxUnsigned(bits), bits + "-bit field");
    }

    static void signed(String field, long value, int bits) {
        range(field, value, Widths.minSigned(bits), Widths.maxSigned(bits), bits + "-bit signed field");
    }

    static void range(String field, long value, long min, long max, String why) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range " + min + ".." + max
                    + " (" + why + ")");
        }
    }

    static <T> T present(String field, T value) {
        return Objects.requireNonNull(value, field + " must not be null");
    }

    /** DMA moves data between DRAM and one local memory, so the local side cannot be DRAM. */
    static void local(String field, Space space) {
        present(field, space);
        if (space == Space.DRAM) {
            throw new IllegalArgumentException(field + " = DRAM is not allowed (expected SPAD or ACC)");
        }
    }

    /** An operand that the instruction does not read must be zero, so each instruction has one encoding. */
    static void unused(String field, long value, String when) {
        if (value != 0) {
            throw new IllegalArgumentException(field + " = " + value + " must be 0 " + when);
        }
    }
}
