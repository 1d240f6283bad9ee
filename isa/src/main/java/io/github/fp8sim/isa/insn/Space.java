package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** The three byte-addressed memories of the machine. */
public enum Space implements Coded {
    /** Off-chip memory; addresses below 2^48. */
    DRAM(0),
    /** The scratchpad: FP8 codes (one byte per element), also FP16/FP32 data. */
    SPAD(1),
    /** The accumulator SRAM: FP32 words; addresses and strides are bytes, multiples of 4 for FP32 data. */
    ACC(2);

    private final int code;

    Space(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code dram}, {@code spad}, {@code acc}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The space named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static Space parse(String text) {
        return Enums.parse(Space.class, text, "memory space");
    }

    /** The space with binary code {@code code}; IllegalArgumentException otherwise. */
    public static Space fromCode(int code) {
        return Enums.fromCode(Space.class, code);
    }
}
