package io.github.fp8sim.runtime.exec;

import io.github.fp8sim.isa.insn.VectorFunc;

/**
 * The vector unit's arithmetic, defined to the bit. Add, sub, mul, div, sqrt and recip are IEEE
 * FP32 operations, correctly rounded (sqrt through double is correctly rounded too: 53 >= 2 * 24 + 2,
 * Figueroa's double-rounding bound). Transcendentals are computed in double with {@link StrictMath}
 * (fdlibm: the same bits on every JVM and CPU, unlike {@link Math}) and rounded once to FP32.
 * max/min propagate NaN and order -0 below +0 ({@link Math#max(float, float)}).
 */
final class VectorMath {

    /** sqrt(2 / pi), for the tanh form of GELU (Hendrycks and Gimpel 2016, eq. 2). */
    private static final double GELU_K = 0.7978845608028654;

    private VectorMath() {
    }

    /** The canonical FP32 NaN (ARCHITECTURE.md: NaN results are 0x7FC00000). */
    static final float CANONICAL_NAN = Float.intBitsToFloat(0x7FC0_0000);

    /**
     * NaN results become the canonical NaN: which payload a hardware float add propagates differs
     * between CPUs, and results must be the same bits on every machine.
     */
    static float canonical(float x) {
        return x != x ? CANONICAL_NAN : x;
    }

    static float apply(VectorFunc f, float a, float b) {
        return switch (f) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case COPY -> a;
            case NEG -> -a;
            case ABS -> Math.abs(a);
            case RELU -> Math.max(a, 0.0f);
            case SQUARE -> a * a;
            case SQRT -> (float) StrictMath.sqrt(a);
            case RECIP -> 1.0f / a;
            case RSQRT -> (float) (1.0 / StrictMath.sqrt(a));
            case EXP -> (float) StrictMath.exp(a);
            case LOG -> (float) StrictMath.log(a);
            case TANH -> (float) StrictMath.tanh(a);
            case SIGMOID -> (float) (1.0 / (1.0 + StrictMath.exp(-(double) a)));
            case GELU -> {
                double x = a;
                yield (float) (0.5 * x * (1.0 + StrictMath.tanh(GELU_K * (x + 0.044715 * x * x * x))));
            }
            case RSUM, RMAX -> throw new IllegalArgumentException(f.text() + " is a reduction");
        };
    }
}
