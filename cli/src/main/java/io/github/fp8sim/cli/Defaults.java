package io.github.fp8sim.cli;

/**
 * Every default of the command line, in one place; {@code --help} quotes these through picocli's
 * {@code ${DEFAULT-VALUE}}, and the tests check that the CLI defaults equal the API's.
 */
public final class Defaults {
    public static final String ROUNDING = "rne";
    public static final String OVERFLOW = "saturate";
    public static final String NAN_POLICY = "mldtypes";
    /** ARCHITECTURE.md section 2: 8 random bits for FP8 outputs. */
    public static final String SR_BITS = "8";
    public static final String RANDOM = "lfsr";
    public static final String SEED = "1";
    /** SR lanes when no machine is given: one per column of the default 16-wide array. */
    public static final String LANES = "16";
    /** {@code train}'s GEMM engine: the MAC array called directly (isa: compiled programs on the interpreter). */
    public static final String GEMM_ENGINE = "array";

    private Defaults() {
    }
}
