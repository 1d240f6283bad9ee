package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** What a conversion does with a rounded value beyond the format's max finite (ARCHITECTURE.md section 2, step 3). */
public enum OverflowMode implements Coded {
    /** Clamp to +-max finite. */
    SATURATE(0),
    /** +-Inf, or NaN in formats without Inf. */
    INF(1);

    private final int code;

    OverflowMode(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code saturate}, {@code inf}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static OverflowMode parse(String text) {
        return Enums.parse(OverflowMode.class, text, "overflow mode");
    }

    /** The mode with binary code {@code code}; IllegalArgumentException otherwise. */
    public static OverflowMode fromCode(int code) {
        return Enums.fromCode(OverflowMode.class, code);
    }
}
