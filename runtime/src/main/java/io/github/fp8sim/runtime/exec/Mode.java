package io.github.fp8sim.runtime.exec;

/** How much the interpreter computes. */
public enum Mode {
    /** Every value bit-exactly, plus cycles and energy. */
    FUNCTIONAL,
    /** Cycles and energy only: addresses are still checked, no value is computed (fast sweeps). */
    TIMING
}
