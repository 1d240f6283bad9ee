package io.github.fp8sim.datapath.random;

import java.util.Locale;

/** The kinds of {@link RandomSource} a machine configuration can choose (ARCHITECTURE.md section 2). */
public enum RandomKind {
    /** One Galois LFSR per SR lane: the hardware model and the default. See {@link LfsrBank}. */
    LFSR,
    /** Counter-based Philox-4x32-10 keyed by the seed. See {@link PhiloxSource}. */
    PHILOX;

    private final String cliName = name().toLowerCase(Locale.ROOT);

    /**
     * The name used on the command line and in configuration files.
     *
     * @return {@code "lfsr"} or {@code "philox"}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a CLI / configuration name, case-insensitively.
     *
     * @param name {@code "lfsr"} or {@code "philox"} in any case
     * @return the kind
     * @throws IllegalArgumentException if the name is null or not a known kind; the message lists the
     *     valid names
     */
    public static RandomKind parse(String name) {
        if (name != null) {
            // Locale.ROOT: under a Turkish default locale "LFSR".toLowerCase() would not be "lfsr".
            String lower = name.toLowerCase(Locale.ROOT);
            for (RandomKind kind : values()) {
                if (kind.cliName.equals(lower)) {
                    return kind;
                }
            }
        }
        StringBuilder valid = new StringBuilder();
        for (RandomKind kind : values()) {
            if (valid.length() > 0) {
                valid.append(", ");
            }
            valid.append(kind.cliName);
        }
        throw new IllegalArgumentException(
                "unknown random source "
                        + (name == null ? "null" : "'" + name + "'")
                        + "; valid names: "
                        + valid);
    }
}
