package io.github.fp8sim.cli;

/** The exit codes of every fp8sim command (ARCHITECTURE.md section 5). */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A verification found a mismatch. */
    public static final int MISMATCH = 1;
    /** Bad usage or bad input: a one-line message names the file, line and field. */
    public static final int BAD_INPUT = 2;
    /** An internal error (a bug in fp8sim). */
    public static final int INTERNAL = 3;

    private ExitCode() {
    }
}
