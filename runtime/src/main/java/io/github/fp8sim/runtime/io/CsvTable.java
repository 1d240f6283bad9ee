package io.github.fp8sim.runtime.io;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file read whole (or row by row, {@link #forEachRow}) with Apache Commons CSV: a header row, then
 * rows that each remember the line they start on, so every error can name file, line and column.
 * Malformed files, among them a header that names a column twice, become {@link InputException}s.
 */
public record CsvTable(String file, List<String> header, List<Row> rows) {

    /** One data row and the (1-based) line it starts on. */
    public record Row(long line, List<String> values) {
        public String get(int column) {
            return values.get(column);
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();

    /** Reads {@code path} ({@link InputFiles#readText UTF-8 text}); the name used in messages is the path as given. */
    public static CsvTable read(Path path) {
        return parse(path.toString(), new StringReader(InputFiles.readText(path)));
    }

    /** Reads CSV text from {@code reader}; {@code name} is used in messages. */
    public static CsvTable parse(String name, Reader reader) {
        List<Row> rows = new ArrayList<>();
        CsvTable[] headerOnly = new CsvTable[1];
        scan(name, reader, new RowVisitor() {
            @Override
            public void header(CsvTable table) {
                headerOnly[0] = table;
            }

            @Override
            public void row(Row row) {
                rows.add(row);
            }
        });
        return new CsvTable(name, headerOnly[0].header(), rows);
    }

    /** What {@link #forEachRow} calls: the header first (as a table without rows), then each row in order. */
    public interface RowVisitor {
        void header(CsvTable headerOnly) throws IOException;

        void row(Row row) throws IOException;
    }

    /**
     * Reads {@code path} one row at a time, so memory does not grow with the file: the same checks and
     * messages as {@link #read}, given to {@code visitor} as they come (an error after some rows stops
     * the scan there; the caller discards what it wrote).
     */
    public static void forEachRow(Path path, RowVisitor visitor) {
        String name = path.toString();
        try (Reader reader = InputFiles.openText(path)) {
            scan(name, reader, visitor);
        } catch (NotUtf8 e) {
            // The stream only knows the decoder failed; reading the file whole names the line and byte.
            InputFiles.readText(path);
            throw new InputException(name + ": not UTF-8 text; expected a UTF-8 text file (save it as UTF-8)");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + rootMessage(e) + ")");
        }
    }

    /** The decoder met bytes that are not UTF-8 while {@link #forEachRow} streamed the file. */
    private static final class NotUtf8 extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotUtf8() {
            super(null, null, false, false);
        }
    }

    /** {@code e} itself, or {@link NotUtf8} when a character decoding error is behind it. */
    private static RuntimeException orNotUtf8(RuntimeException e, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return new NotUtf8();
            }
        }
        return e;
    }

    /** An I/O failure of a visitor, passed through unchanged as an {@link UncheckedIOException}. */
    private static final class VisitorFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        VisitorFailure(IOException cause) {
            super(cause);
        }
    }

    private static void scan(String name, Reader reader, RowVisitor visitor) {
        CSVParser opened;
        try {
            opened = CSVParser.parse(reader, FORMAT);
        } catch (IOException | UncheckedIOException e) {
            throw orNotUtf8(new InputException(name + ": cannot read (" + rootMessage(e) + ")"), e);
        } catch (IllegalArgumentException e) {
            // Commons CSV rejects blank header names this way (duplicates it allows: see checkUnique).
            throw InputException.at(name, 1, null, "bad header (" + e.getMessage() + ")");
        }
        try (CSVParser parser = opened) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw InputException.at(name, 1, null, "the file is empty; expected a header row");
            }
            checkUnique(name, header);
            try {
                visitor.header(new CsvTable(name, List.copyOf(header), List.of()));
            } catch (IOException e) {
                throw new VisitorFailure(e);
            }
            Iterator<CSVRecord> it = parser.iterator();
            long lineBefore = parser.getCurrentLineNumber();
            while (true) {
                CSVRecord record;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    record = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw orNotUtf8(InputException.at(name, lineBefore + 1, null, "malformed CSV (" + rootMessage(e) + ")"), e);
                }
                long line = lineBefore + 1;
                lineBefore = parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw InputException.at(name, line, null,
                            "expected " + header.size() + " fields (" + String.join(",", header) + "), found " + record.size());
                }
                try {
                    visitor.row(new Row(line, record.toList()));
                } catch (IOException e) {
                    throw new VisitorFailure(e);
                }
            }
        } catch (VisitorFailure e) {
            throw e;   // the visitor's own failure (writing its output), not a read error: its caller reports it
        } catch (IOException | UncheckedIOException e) {
            throw orNotUtf8(new InputException(name + ": cannot read (" + rootMessage(e) + ")"), e);
        }
    }

    /**
     * Rejects a header that names a column twice: a lookup by name would see only the first of them, so
     * the other would be read by no one (or, in a vectors file, compared with the wrong column).
     */
    private static void checkUnique(String name, List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer first = seen.putIfAbsent(header.get(i), i);
            if (first != null) {
                throw InputException.at(name, 1, header.get(i), "the header names this column twice (columns " + (first + 1)
                        + " and " + (i + 1) + "); expected each column name once");
            }
        }
    }

    /** The index of a column, or -1. */
    public int column(String columnName) {
        return header.indexOf(columnName);
    }

    /** The value of a named column in a row, for tables whose columns were checked with {@link #requireColumn}. */
    public String get(Row row, String columnName) {
        return row.get(requireColumn(columnName));
    }

    /** The index of a column that must be present. */
    public int requireColumn(String columnName) {
        int i = column(columnName);
        if (i < 0) {
            throw InputException.at(file, 1, null, "missing column '" + columnName + "' (found: " + String.join(", ", header) + ")");
        }
        return i;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
