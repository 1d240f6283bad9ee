package io.github.fp8sim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the fp8sim command line: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Fp8sim.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The stderr text as one line (the contract for bad input: exactly one line). */
    String errLine() {
        String e = err.strip();
        if (e.contains("\n")) {
            throw new AssertionError("expected a one-line error, got:\n" + err);
        }
        return e;
    }
}
