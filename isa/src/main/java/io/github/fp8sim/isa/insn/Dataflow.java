package io.github.fp8sim.isa.insn;

import java.util.Locale;

/** How a GEMM is mapped onto the systolic array; it fixes the accumulation order (ARCHITECTURE.md section 2). */
public enum Dataflow implements Coded {
    /** Output-stationary: each output sums its products in increasing k from its initial value. */
    OS(0),
    /** Weight-stationary: K in tiles of the array height; each tile's partial sum starts at +0. */
    WS(1),
    /** Input-stationary: as weight-stationary with the roles of M and N exchanged. */
    IS(2);

    private final int code;

    Dataflow(int code) {
        this.code = code;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** The assembly name: {@code os}, {@code ws}, {@code is}. */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dataflow named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static Dataflow parse(String text) {
        return Enums.parse(Dataflow.class, text, "dataflow");
    }

    /** The dataflow with binary code {@code code}; IllegalArgumentException otherwise. */
    public static Dataflow fromCode(int code) {
        return Enums.fromCode(Dataflow.class, code);
    }
}
