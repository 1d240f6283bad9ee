package io.github.fp8sim.traces.vectors;

import io.github.fp8sim.runtime.io.AtomicOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * A generated vector file: its header, its rows (edge cases first) and how many rows are edge cases.
 */
public record VectorTable(VectorUnit unit, List<String> header, List<List<String>> rows, int edgeCount) {

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

    public VectorTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** Writes the CSV text (LF line ends). */
    public void writeTo(Writer w) throws IOException {
        try (CSVPrinter printer = new CSVPrinter(w, CSV)) {
            printer.printRecord(header);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        }
    }

    /** The CSV text. */
    public String toCsv() {
        StringWriter w = new StringWriter();
        try {
            writeTo(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the file all or nothing. */
    public void write(Path path) {
        AtomicOutput.write(path, this::writeTo);
    }

    /** The value of a column in row {@code i}. */
    public String get(int i, String column) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        return rows.get(i).get(c);
    }
}
