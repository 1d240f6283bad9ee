package io.github.fp8sim.runtime.energy;

import io.github.fp8sim.runtime.io.InputException;

/** A malformed energy table; the message names the file, line and column. */
public class EnergyTableException extends InputException {
    private static final long serialVersionUID = 1L;

    public EnergyTableException(String message) {
        super(message);
    }
}
