package io.github.fp8sim.datapath.format;

import java.util.Locale;

/**
 * Which NaN code a conversion produces (ARCHITECTURE.md section 2, step 1). Part of the datapath
 * configuration because real designs differ here and an RTL testbench must match one of them.
 */
public enum NanPolicy {
    /** The codes ml_dtypes produces: the format's quiet NaN with the input's sign (e5m2 0x7E/0xFE, e4m3 0x7F/0xFF). */
    MLDTYPES,
    /**
     * One code, sign dropped. For formats of 8 bits or fewer all magnitude bits set (0x7F, what RISC-V
     * Spike's FP8 conversions produce); for wider formats the RISC-V canonical quiet NaN (0x7E00,
     * 0x7FC0, 0x7FC00000). FNUZ formats have a single NaN, 0x80.
     */
    CANONICAL;

    /** The name used on the command line and in files. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code mldtypes} or {@code canonical} (any case). */
    public static NanPolicy parse(String text) {
        for (NanPolicy p : values()) {
            if (p.cliName().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown NaN policy '" + text + "' (expected mldtypes or canonical)");
    }
}
