package io.github.fp8sim.datapath.round;

import java.util.Locale;

/** Rounding modes of the datapath's conversion units (ARCHITECTURE.md section 2, step 2). */
public enum Rounding {
    /** Round to nearest, ties to even. */
    RNE,
    /** Round toward zero (truncate). */
    RZ,
    /** Stochastic: add r random bits just below the kept LSB, then truncate. P(up) = floor(f * 2^r) / 2^r. */
    SR;

    /** The name used on the command line and in files: {@code rne}, {@code rz}, {@code sr}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Rounding parse(String text) {
        for (Rounding r : values()) {
            if (r.cliName().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rounding '" + text + "' (expected rne, rz or sr)");
    }
}
