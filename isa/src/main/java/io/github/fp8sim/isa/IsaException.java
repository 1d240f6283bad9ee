package io.github.fp8sim.isa;

/**
 * Bad input to the isa module: assembly text, an instruction word or a program file. The message is one
 * line naming where the problem is (file, line and column, or instruction index and byte offset).
 */
public abstract class IsaException extends RuntimeException {
    /** An exception with a one-line, location-first message. */
    protected IsaException(String message) {
        super(message);
    }
}
