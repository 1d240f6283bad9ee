package io.github.fp8sim.datapath.round;

import java.util.Locale;

/** What a conversion does with a value beyond the format's max finite after rounding (OFP8 section 5.2.1). */
public enum Overflow {
    /** Clamp to +-max finite (also for +-Inf inputs). */
    SATURATE,
    /** Produce +-Inf, or NaN in formats without Inf. */
    INF;

    /** The name used on the command line and in files: {@code saturate}, {@code inf}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Overflow parse(String text) {
        for (Overflow o : values()) {
            if (o.cliName().equalsIgnoreCase(text.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown overflow mode '" + text + "' (expected saturate or inf)");
    }
}
