package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** Rounding of a conversion unit (ARCHITECTURE.md section 2, step 2). */
public enum RoundMode implements Coded {
    /** Round to nearest, ties to even. */
    RNE(0),
    /** Round toward zero. */
    RZ(1),
    /** Stochastic: add r random bits below the kept LSB, then truncate. */
    SR(2);

    private final int code;

    RoundMode(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code rne}, {@code rz}, {@code sr}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static RoundMode parse(String text) {
        return Enums.parse(RoundMode.class, text, "rounding mode");
    }

    /** The mode with binary code {@code code}; IllegalArgumentException otherwise. */
    public static RoundMode fromCode(int code) {
        return Enums.fromCode(RoundMode.class, code);
    }
}
