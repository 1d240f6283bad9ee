package io.github.fp8sim.runtime.energy;

import java.util.Locale;

/** The actions the machine counts; energy = sum over actions of count x energy per action. */
public enum EnergyAction {
    MAC,
    ACC_ADD,
    QUANTIZE,
    SR_BIT,
    VECTOR_OP,
    VECTOR_SPECIAL,
    SPAD_READ_BYTE,
    SPAD_WRITE_BYTE,
    ACC_READ_BYTE,
    ACC_WRITE_BYTE,
    DRAM_BYTE,
    LEAKAGE_PE_CYCLE;

    /** The name used in energy tables and reports, e.g. {@code spad_read_byte}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
