package io.github.fp8sim.workloads.data;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * The UCI "Optical Recognition of Handwritten Digits" dataset (Alpaydin and Kaynak; UCI Machine Learning
 * Repository): 8x8 grey images of digits with 17 levels, 10 classes. {@code optdigits.tra} is the training
 * split (3,823 rows in the UCI copy), {@code optdigits.tes} the test split (1,797 rows).
 *
 * <p>Each line is 65 comma-separated integers: 64 pixel counts 0..16, row by row, then the label 0..9.
 * No header, no quoting; blank lines are skipped. Pixels are returned as {@code count / 16}, in [0, 1].
 */
public final class Optdigits {

    /** The training file's name. */
    public static final String TRAIN_FILE = "optdigits.tra";
    /** The test file's name. */
    public static final String TEST_FILE = "optdigits.tes";
    /** Image side in pixels. */
    public static final int SIDE = 8;
    /** Number of classes (the digits). */
    public static final int CLASSES = 10;
    /** The largest pixel count. */
    public static final int MAX_LEVEL = 16;

    private static final int PIXELS = SIDE * SIDE;
    // Records are lines: no quote character, so a stray '"' is an ordinary bad field and record number
    // is line number; empty lines come back as one empty field and are skipped by the reader.
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setQuote(null)
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(true)
            .get();

    private Optdigits() {}

    /**
     * Reads {@code dir/optdigits.tra} (train) and {@code dir/optdigits.tes} (test).
     *
     * @throws InputException naming the file, and the line and field of a malformed value
     */
    public static ImageSplits load(Path dir) {
        return new ImageSplits(read(dir.resolve(TRAIN_FILE), "optdigits/train"), read(dir.resolve(TEST_FILE), "optdigits/test"));
    }

    /** Reads one optdigits file as a dataset called {@code name}. */
    public static ImageDataset read(Path file, String name) {
        try (Reader reader = new StringReader(InputFiles.readText(file))) {
            return parse(file.toString(), reader, name);
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Parses optdigits rows from {@code reader}; {@code file} names the source in messages. */
    static ImageDataset parse(String file, Reader reader, String name) throws IOException {
        FloatList pixels = new FloatList();
        IntList labels = new IntList();
        try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> it = parser.iterator();
            while (it.hasNext()) {
                CSVRecord record = it.next();
                long line = record.getRecordNumber();
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                if (record.size() != PIXELS + 1) {
                    throw InputException.at(file, line, null,
                            "expected " + (PIXELS + 1) + " fields (" + PIXELS + " pixels and the label), found " + record.size());
                }
                for (int f = 0; f < PIXELS; f++) {
                    int v = integer(record.get(f), MAX_LEVEL, file, line, (f + 1) + " (pixel)");
                    pixels.add(v / (float) MAX_LEVEL);
                }
                labels.add(integer(record.get(PIXELS), CLASSES - 1, file, line, (PIXELS + 1) + " (label)"));
            }
        }
        if (labels.size() == 0) {
            throw new InputException(file + ": no rows");
        }
        return new ImageDataset(name, 1, SIDE, SIDE, CLASSES, pixels.toArray(), labels.toArray());
    }

    /** A decimal integer {@code 0..max} (digits only), or an error at {@code file:line} field {@code field}. */
    private static int integer(String text, int max, String file, long line, String field) {
        int v = -1;
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            v = Integer.parseInt(text);
        }
        if (v < 0 || v > max) {
            throw InputException.at(file, line, field, "expected an integer 0.." + max + ", got \"" + text + "\"");
        }
        return v;
    }

    /** A growable float array. */
    static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
