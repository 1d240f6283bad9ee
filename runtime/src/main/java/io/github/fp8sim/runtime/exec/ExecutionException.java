package io.github.fp8sim.runtime.exec;

import io.github.fp8sim.runtime.io.InputException;

/** A program that does something the machine cannot: the message names the instruction and what was wrong. */
public class ExecutionException extends InputException {
    private static final long serialVersionUID = 1L;

    public ExecutionException(String message) {
        super(message);
    }
}
