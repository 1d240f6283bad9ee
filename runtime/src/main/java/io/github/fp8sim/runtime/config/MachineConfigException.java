package io.github.fp8sim.runtime.config;

import io.github.fp8sim.runtime.io.InputException;

/** An impossible or unknown machine setting; the message names the key path, e.g. {@code array.rows: ...}. */
public class MachineConfigException extends InputException {
    private static final long serialVersionUID = 1L;

    public MachineConfigException(String message) {
        super(message);
    }
}
