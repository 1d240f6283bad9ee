package io.github.fp8sim.runtime.timing;

import java.util.Locale;

/** The machine's units; each is a timeline that runs one instruction at a time, in program order. */
public enum Unit {
    DMA_IN, MAC, VECTOR, DMA_OUT,
    /** Config, fence and halt: they take no unit time. */
    NONE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
