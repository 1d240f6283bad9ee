package io.github.fp8sim.datapath.mac;

import java.util.Locale;

/**
 * How a GEMM is mapped onto the systolic array, after SCALE-Sim. The dataflow fixes both the
 * SCALE-Sim fold model ({@link FoldModel}) and the FP32 accumulation ORDER, which is part of the
 * bit-exact contract (ARCHITECTURE.md section 2, "MAC and accumulation").
 */
public enum ArrayDataflow {
    /** Output-stationary: each output sums its products in increasing k, starting from its initial value. */
    OS,
    /**
     * Weight-stationary: K is cut into tiles of the array's reduction height R (its rows); each tile's
     * partial sum starts at +0.0f and adds its products in increasing k; the accumulator then adds the
     * partial sum.
     */
    WS,
    /** Input-stationary: the accumulation order of {@link #WS}; only the fold model differs (M and N exchanged). */
    IS;

    private final String cliName = name().toLowerCase(Locale.ROOT);

    /**
     * The name used on the command line and in configuration files.
     *
     * @return {@code "os"}, {@code "ws"} or {@code "is"}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a CLI / configuration name, case-insensitively.
     *
     * @param name {@code "os"}, {@code "ws"} or {@code "is"} in any case, surrounding blanks allowed
     * @return the dataflow
     * @throws IllegalArgumentException if the name is null or unknown; the message lists the valid names
     */
    public static ArrayDataflow parse(String name) {
        if (name != null) {
            // Locale.ROOT: under a Turkish default locale "IS".toLowerCase() would not be "is".
            String lower = name.trim().toLowerCase(Locale.ROOT);
            for (ArrayDataflow d : values()) {
                if (d.cliName.equals(lower)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("unknown dataflow " + (name == null ? "null" : "'" + name + "'")
                + "; valid names: os, ws, is");
    }
}
