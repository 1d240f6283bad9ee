package io.github.fp8sim.workloads.sweep;

import io.github.fp8sim.runtime.io.InputException;

/** A bad sweep spec: one line naming the file, the line and column, and the key. */
public final class SweepSpecException extends InputException {
    private static final long serialVersionUID = 1L;

    public SweepSpecException(String message) {
        super(message);
    }
}
