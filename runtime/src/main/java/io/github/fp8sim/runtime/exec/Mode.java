package io.github.fp8sim.runtime.exec;

/** How much the interpreter computes. */
public enum Mode {
    /** Every value bit-exactly, plus cycles and energy. */
    FUNCTIONAL,
    /** Cycles and energy only: addresses are still checked, no value is computed (fast sweeps). */
    TIMING;

    /** The name on the command line: {@code functional} or {@code timing}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code functional} or {@code timing} (any case). */
    public static Mode parse(String text) {
        for (Mode m : values()) {
            if (m.cliName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected functional or timing)");
    }
}
