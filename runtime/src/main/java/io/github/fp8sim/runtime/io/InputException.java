package io.github.fp8sim.runtime.io;

/**
 * Bad input: a file, line or field that is not what was expected. Its message is the one line the
 * user sees (after the command name), e.g. {@code in.csv: line 7, column f32_hex: expected 0x and 8
 * hex digits, got '0x3f8'}; the {@code fp8sim} command exits with code 2 (bad input).
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message, null, false, false);
    }

    /** A problem at a line and column of a file. */
    public static InputException at(String file, long line, String column, String problem) {
        return new InputException(file + ": line " + line + (column == null ? "" : ", column " + column) + ": " + problem);
    }
}
