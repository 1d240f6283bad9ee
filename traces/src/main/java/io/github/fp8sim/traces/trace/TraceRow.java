package io.github.fp8sim.traces.trace;

import java.util.List;

/**
 * One executed instruction in a trace. Every field is kept as the text written in the file, so a
 * replay or a diff compares exactly what was recorded; {@code line} is where the row starts in its
 * file (0 when the row was made in memory).
 */
public record TraceRow(long line, String seq, String pc, String encoding, String asm, String unit,
        String startCycle, String endCycle, String bytesMoved, String writes) {

    /** The column names, in file order: the table header of format version 1. */
    public static final List<String> COLUMNS = List.of("seq", "pc", "encoding", "asm", "unit", "start_cycle",
            "end_cycle", "bytes_moved", "writes");

    /** The fields in column order. */
    public List<String> values() {
        return List.of(seq, pc, encoding, asm, unit, startCycle, endCycle, bytesMoved, writes);
    }

    /** The field named {@code column} (one of {@link #COLUMNS}). */
    public String get(String column) {
        return values().get(COLUMNS.indexOf(column));
    }

    /** A row from fields in column order. */
    static TraceRow of(long line, List<String> v) {
        return new TraceRow(line, v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), v.get(8));
    }
}
