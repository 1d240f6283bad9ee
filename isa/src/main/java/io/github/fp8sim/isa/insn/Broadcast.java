package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** Where a binary {@link VectorOp} takes its second operand b from. */
public enum Broadcast implements Coded {
    /** b is a rows x cols block with leading dimension bLd. */
    NONE(0),
    /** b is one row (1 x cols), reused for every row. */
    ROW(1),
    /** b is one column (rows x 1, leading dimension bLd), reused for every column. */
    COL(2),
    /** b is one value at bAddr. */
    SCALAR(3),
    /** b is the FP32 immediate immBits. */
    IMM(4);

    private final int code;

    Broadcast(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code none}, {@code row}, {@code col}, {@code scalar}, {@code imm}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static Broadcast parse(String text) {
        return Enums.parse(Broadcast.class, text, "broadcast mode");
    }

    /** The mode with binary code {@code code}; IllegalArgumentException otherwise. */
    public static Broadcast fromCode(int code) {
        return Enums.fromCode(Broadcast.class, code);
    }
}
