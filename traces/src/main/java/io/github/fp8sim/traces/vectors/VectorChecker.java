package io.github.fp8sim.traces.vectors;

import io.github.fp8sim.datapath.round.FpFlags;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a testbench's outputs with a vector file. The actual file has the same rows in the same
 * order; of its columns, every one the expected file also has is compared (so it must hold at least the
 * unit's result columns, and may repeat any key columns, which are then compared too). Hex fields are
 * compared as numbers (case and leading zeros do not matter), flags as sets.
 */
public final class VectorChecker {

    /** One differing field. {@code line} is the line of the row in the actual file. */
    public record Mismatch(long line, long expectedLine, String id, String field, String expected, String actual) {
        @Override
        public String toString() {
            return "line " + line + " (vector id " + id + "), " + field + ": expected " + expected + ", actual " + actual;
        }
    }

    private VectorChecker() {
    }

    /** The unit of a vector file, after checking its version and columns. */
    public static VectorUnit unitOf(CsvTable expected) {
        int versionColumn = expected.requireColumn("version");
        int unitColumn = expected.requireColumn("unit");
        if (expected.rows().isEmpty()) {
            throw InputException.at(expected.file(), 2, null, "no vectors");
        }
        VectorUnit unit = null;
        for (CsvTable.Row row : expected.rows()) {
            if (!VectorSpec.VERSION.equals(row.get(versionColumn))) {
                throw InputException.at(expected.file(), row.line(), "version",
                        "expected " + VectorSpec.VERSION + ", got '" + row.get(versionColumn) + "'");
            }
            VectorUnit u;
            try {
                u = VectorUnit.parse(row.get(unitColumn));
            } catch (IllegalArgumentException e) {
                throw InputException.at(expected.file(), row.line(), "unit", e.getMessage());
            }
            if (unit != null && u != unit) {
                throw InputException.at(expected.file(), row.line(), "unit", "mixes units " + unit.cliName() + " and " + u.cliName());
            }
            unit = u;
        }
        for (String column : VectorGenerator.header(unit)) {
            expected.requireColumn(column);
        }
        return unit;
    }

    /** Compares; returns every mismatch (empty: all match). Malformed files throw {@link InputException}. */
    public static List<Mismatch> check(CsvTable expected, CsvTable actual) {
        VectorUnit unit = unitOf(expected);
        for (String column : unit.resultColumns()) {
            actual.requireColumn(column);
        }
        if (actual.rows().size() != expected.rows().size()) {
            long line = actual.rows().isEmpty() ? 1 : actual.rows().get(actual.rows().size() - 1).line();
            throw InputException.at(actual.file(), line, null,
                    "expected " + expected.rows().size() + " rows (as in " + expected.file() + "), found " + actual.rows().size());
        }
        int idColumn = expected.requireColumn("id");
        List<Mismatch> out = new ArrayList<>();
        for (int i = 0; i < expected.rows().size(); i++) {
            CsvTable.Row e = expected.rows().get(i);
            CsvTable.Row a = actual.rows().get(i);
            for (int c = 0; c < actual.header().size(); c++) {
                String field = actual.header().get(c);
                int ec = expected.column(field);
                if (ec < 0) {
                    continue;
                }
                String ev = e.get(ec);
                String av = a.get(c);
                if (!same(field, expected.file(), e.line(), ev, actual.file(), a.line(), av)) {
                    out.add(new Mismatch(a.line(), e.line(), e.get(idColumn), field, ev, av));
                }
            }
        }
        return out;
    }

    private static boolean same(String field, String eFile, long eLine, String ev, String aFile, long aLine, String av) {
        if (field.equals("flags")) {
            return flags(eFile, eLine, ev) == flags(aFile, aLine, av);
        }
        if (field.endsWith("_hex") || field.equals("random") || field.equals("lfsr_state_before")) {
            List<Long> x = hexList(eFile, eLine, field, ev);
            List<Long> y = hexList(aFile, aLine, field, av);
            return x.equals(y);
        }
        return ev.trim().equals(av.trim());
    }

    private static int flags(String file, long line, String text) {
        try {
            return FpFlags.parse(text);
        } catch (IllegalArgumentException e) {
            throw InputException.at(file, line, "flags", e.getMessage());
        }
    }

    /** A space-separated list of {@code 0x} hex numbers (one for most fields). */
    static List<Long> hexList(String file, long line, String field, String text) {
        List<Long> out = new ArrayList<>();
        String t = text.trim();
        if (t.isEmpty()) {
            throw InputException.at(file, line, field, "expected 0x-prefixed hex, got an empty field");
        }
        for (String part : t.split(" +")) {
            if (!(part.startsWith("0x") || part.startsWith("0X")) || part.length() < 3 || part.length() > 18) {
                throw InputException.at(file, line, field, "expected 0x-prefixed hex, got '" + part + "'");
            }
            try {
                out.add(Long.parseUnsignedLong(part.substring(2), 16));
            } catch (NumberFormatException ex) {
                throw InputException.at(file, line, field, "expected 0x-prefixed hex, got '" + part + "'");
            }
        }
        return out;
    }
}
