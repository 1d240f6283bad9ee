package io.github.fp8sim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Matrices as CSV: one header row {@code c0,c1,...}, then one row per matrix row of {@code 0x} hex
 * values: 8-bit codes as 2 hex digits, FP32 bit patterns as 8.
 */
final class MatrixCsv {

    /** A row-major matrix of raw values (codes or FP32 bits). */
    record Matrix(int rows, int cols, int[] values) {
    }

    private MatrixCsv() {
    }

    /** Reads a matrix whose cells are {@code 0x} and exactly {@code hexDigits} hex digits. */
    static Matrix read(Path file, int hexDigits, String what) {
        CsvTable t = CsvTable.read(file);
        for (int j = 0; j < t.header().size(); j++) {
            if (!t.header().get(j).equals("c" + j)) {
                throw InputException.at(t.file(), 1, t.header().get(j), "expected the header c0,c1,...,c" + (t.header().size() - 1)
                        + " (column " + (j + 1) + " should be c" + j + ")");
            }
        }
        if (t.rows().isEmpty()) {
            throw InputException.at(t.file(), 2, null, "the " + what + " has no rows");
        }
        Pattern cell = Pattern.compile("0[xX][0-9a-fA-F]{" + hexDigits + "}");
        int cols = t.header().size();
        int[] v = new int[t.rows().size() * cols];
        for (int i = 0; i < t.rows().size(); i++) {
            CsvTable.Row row = t.rows().get(i);
            for (int j = 0; j < cols; j++) {
                String text = row.get(j);
                if (!cell.matcher(text).matches()) {
                    throw InputException.at(t.file(), row.line(), "c" + j, "expected 0x and " + hexDigits + " hex digits ("
                            + what + "), got '" + text + "'");
                }
                v[i * cols + j] = Integer.parseUnsignedInt(text.substring(2), 16);
            }
        }
        return new Matrix(t.rows().size(), cols, v);
    }

    /**
     * The shape of a matrix file from its header and its count of non-blank lines, without parsing a
     * value: enough to refuse a matrix that cannot fit before spending seconds reading it. {@link #read}
     * still checks every cell.
     */
    static Matrix shape(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                return new Matrix(0, 0, new int[0]);
            }
            int cols = header.split(",", -1).length;
            int rows = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows++;
                }
            }
            return new Matrix(rows, cols, new int[0]);
        } catch (IOException | UncheckedIOException e) {
            return new Matrix(0, 0, new int[0]);   // read() reports the file's problem in its words
        }
    }

    /** Reads 8-bit codes of {@code format}. */
    static Matrix readCodes(Path file, FloatFormat format, String what) {
        return read(file, format.hexDigits(), what + " (" + format.name() + " codes)");
    }

    /** Prints FP32 bit patterns. */
    static void print(Appendable w, int rows, int cols, float[] values, int offset, int ld) throws java.io.IOException {
        List<String> header = new ArrayList<>(cols);
        for (int j = 0; j < cols; j++) {
            header.add("c" + j);
        }
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        p.printRecord(header);
        List<String> row = new ArrayList<>(cols);
        for (int i = 0; i < rows; i++) {
            row.clear();
            for (int j = 0; j < cols; j++) {
                row.add(String.format("0x%08X", Float.floatToRawIntBits(values[offset + i * ld + j])));
            }
            p.printRecord(row);
        }
        p.flush();
    }
}
