package io.github.fp8sim.traces.trace;

/**
 * One field that differs between an expected and an actual trace row: {@code row} is the row's
 * sequence number (0-based), {@code line} the line of the expected row in its file (0 if none).
 */
public record Difference(long row, long line, String field, String expected, String actual) {

    /** One line for users: {@code row 3 (line 12), field end_cycle: expected 486, actual 487}. */
    public String describe() {
        return "row " + row + (line > 0 ? " (line " + line + ")" : "") + ", field " + field + ": expected "
                + show(expected) + ", actual " + show(actual);
    }

    private static String show(String v) {
        return v == null ? "(no row)" : v.isEmpty() ? "(empty)" : v;
    }
}
