package io.github.fp8sim.isa.insn;

import java.util.Locale;

/**
 * The vector unit's functions on FP32 data in the accumulator SRAM. The ISA names them; the datapath
 * defines their exact results. Enough for BatchNorm, softmax, LayerNorm, LSTM gates and attention.
 */
public enum VectorFunc implements Coded {
    /** a + b. */
    ADD(0, Arity.BINARY),
    /** a - b. */
    SUB(1, Arity.BINARY),
    /** a * b. */
    MUL(2, Arity.BINARY),
    /** a / b. */
    DIV(3, Arity.BINARY),
    /** max(a, b). */
    MAX(4, Arity.BINARY),
    /** min(a, b). */
    MIN(5, Arity.BINARY),
    /** a. */
    COPY(6, Arity.UNARY),
    /** -a. */
    NEG(7, Arity.UNARY),
    /** |a|. */
    ABS(8, Arity.UNARY),
    /** max(a, 0). */
    RELU(9, Arity.UNARY),
    /** GELU(a). */
    GELU(10, Arity.UNARY),
    /** e^a. */
    EXP(11, Arity.UNARY),
    /** ln(a). */
    LOG(12, Arity.UNARY),
    /** 1 / sqrt(a). */
    RSQRT(13, Arity.UNARY),
    /** sqrt(a). */
    SQRT(14, Arity.UNARY),
    /** 1 / a. */
    RECIP(15, Arity.UNARY),
    /** 1 / (1 + e^-a). */
    SIGMOID(16, Arity.UNARY),
    /** tanh(a). */
    TANH(17, Arity.UNARY),
    /** a * a. */
    SQUARE(18, Arity.UNARY),
    /** Sum of each row of a; dst is rows x 1. */
    RSUM(19, Arity.REDUCTION),
    /** Maximum of each row of a; dst is rows x 1. */
    RMAX(20, Arity.REDUCTION);

    /** How many operands a function reads and what shape it writes. */
    public enum Arity {
        /** dst = f(a); b is not read. */
        UNARY,
        /** dst = f(a, b), b as chosen by {@link Broadcast}. */
        BINARY,
        /** dst (rows x 1) = f over each row of a; b is not read. */
        REDUCTION
    }

    private final int code;
    private final Arity arity;

    VectorFunc(int code, Arity arity) {
        this.code = code;
        this.arity = arity;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** Whether the function is unary, binary or a row reduction. */
    public Arity arity() {
        return arity;
    }

    /** The assembly name, used after {@code vop.}: {@code add}, {@code relu}, {@code rsum}, ... */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static VectorFunc parse(String text) {
        return Enums.parse(VectorFunc.class, text, "vector function");
    }

    /** The function with binary code {@code code}; IllegalArgumentException otherwise. */
    public static VectorFunc fromCode(int code) {
        return Enums.fromCode(VectorFunc.class, code);
    }
}
