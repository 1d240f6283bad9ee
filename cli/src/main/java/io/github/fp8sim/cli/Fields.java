package io.github.fp8sim.cli;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.CsvTable;

import java.util.regex.Pattern;

/** Parsers for the fields of fp8sim's CSV files; each failure names file, line and column. */
public final class Fields {

    private static final Pattern F32_HEX = Pattern.compile("0[xX][0-9a-fA-F]{8}");

    private Fields() {
    }

    /** An FP32 bit pattern written as {@code 0x} and exactly 8 hex digits. */
    public static int f32Hex(CsvTable table, CsvTable.Row row, int column) {
        String text = row.get(column);
        if (!F32_HEX.matcher(text).matches()) {
            throw InputException.at(table.file(), row.line(), table.header().get(column),
                    "expected an FP32 bit pattern, 0x and 8 hex digits, got '" + text + "'");
        }
        return Integer.parseUnsignedInt(text.substring(2), 16);
    }

    /** A non-negative integer below {@code 2^bits}, decimal or {@code 0x} hex. */
    public static int unsignedBelowPow2(CsvTable table, CsvTable.Row row, int column, int bits) {
        String text = row.get(column);
        long value;
        try {
            value = text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseLong(text.substring(2), 16)
                    : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InputException.at(table.file(), row.line(), table.header().get(column),
                    "expected an integer (decimal or 0x hex), got '" + text + "'");
        }
        if (value < 0 || value >= (1L << bits)) {
            throw InputException.at(table.file(), row.line(), table.header().get(column),
                    text + " is outside [0, 2^" + bits + ") for " + bits + " random bits");
        }
        return (int) value;
    }
}
