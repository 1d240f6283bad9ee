package io.github.fp8sim.datapath.format;

/** The class of an encoded value, in the order of RISC-V {@code fclass} (bit 0 to bit 9). */
public enum FloatClass {
    NEGATIVE_INFINITY("-inf"),
    NEGATIVE_NORMAL("-normal"),
    NEGATIVE_SUBNORMAL("-subnormal"),
    NEGATIVE_ZERO("-zero"),
    POSITIVE_ZERO("+zero"),
    POSITIVE_SUBNORMAL("+subnormal"),
    POSITIVE_NORMAL("+normal"),
    POSITIVE_INFINITY("+inf"),
    SIGNALING_NAN("snan"),
    QUIET_NAN("qnan");

    private final String label;

    FloatClass(String label) {
        this.label = label;
    }

    /** Short label used in CLI output and CSV files, e.g. {@code -subnormal}, {@code qnan}. */
    public String label() {
        return label;
    }

    public boolean isNaN() {
        return this == SIGNALING_NAN || this == QUIET_NAN;
    }
}
