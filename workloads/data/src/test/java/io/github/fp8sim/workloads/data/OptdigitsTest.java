package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;

class OptdigitsTest {

    @TempDir
    Path dir;

    /** A row of 64 pixel counts and a label, comma-separated. */
    private static String row(int[] pixels, String label) {
        List<String> fields = new ArrayList<>();
        for (int p : pixels) {
            fields.add(Integer.toString(p));
        }
        fields.add(label);
        return String.join(",", fields);
    }

    private static int[] ramp() {
        int[] p = new int[64];
        for (int k = 0; k < 64; k++) {
            p[k] = k % 17;
        }
        return p;
    }

    private static int[] constant(int v) {
        int[] p = new int[64];
        java.util.Arrays.fill(p, v);
        return p;
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void rowsBecomeOneChannelEightByEightImagesScaledBySixteen() throws IOException {
        write("optdigits.tra", row(ramp(), "3"), "", row(constant(16), "9"));
        write("optdigits.tes", row(constant(0), "0"));
        ImageSplits s = Optdigits.load(dir);

        ImageDataset train = s.train();
        assertEquals(2, train.size(), "the blank line is skipped");
        assertEquals(1, train.channels());
        assertEquals(8, train.height());
        assertEquals(8, train.width());
        assertEquals(10, train.classes());
        assertArrayEquals(new int[] {3, 9}, train.labels());
        // Row-major: pixel (row 2, column 5) of image 0 is field 2*8+5 = 21, count 21 mod 17 = 4, value 4/16.
        assertEquals(0.25f, train.images()[21]);
        assertEquals(0.0f, train.images()[17], "count 17 mod 17 = 0");
        assertEquals(1.0f, train.images()[64 + 63], "count 16 is 1.0");
        assertEquals(1, s.test().size());
        assertEquals(0, s.test().labels()[0]);
        assertEquals(0.0f, s.test().images()[10]);
    }

    @Test
    void aBadLabelNamesFileLineAndField() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            lines.add(row(ramp(), Integer.toString(i % 10)));
        }
        lines.add(row(ramp(), "x"));
        write("optdigits.tra", lines.toArray(String[]::new));
        write("optdigits.tes", row(ramp(), "1"));
        InputException e = assertThrows(InputException.class, () -> Optdigits.load(dir));
        assertEquals(dir.resolve("optdigits.tra") + ": line 12, column 65 (label): expected an integer 0..9, got \"x\"", e.getMessage());
    }

    @Test
    void aPixelAboveSixteenIsAnErrorAtItsField() throws IOException {
        int[] p = ramp();
        p[2] = 17;
        write("optdigits.tra", row(ramp(), "1"));
        write("optdigits.tes", "", row(ramp(), "1"), row(p, "1"));
        InputException e = assertThrows(InputException.class, () -> Optdigits.load(dir));
        // Line 3: the blank first line still counts.
        assertEquals(dir.resolve("optdigits.tes") + ": line 3, column 3 (pixel): expected an integer 0..16, got \"17\"", e.getMessage());
    }

    @Test
    void signsAndLabelsAboveNineAreRejected() throws IOException {
        int[] p = ramp();
        write("optdigits.tes", row(p, "1"));
        write("optdigits.tra", row(p, "10"));
        assertTrue(message().endsWith("column 65 (label): expected an integer 0..9, got \"10\""), message());
        write("optdigits.tra", row(p, "+1"));
        assertTrue(message().endsWith("got \"+1\""), message());
        write("optdigits.tra", "-" + row(p, "1")); // the first pixel becomes "-0"
        assertTrue(message().endsWith("line 1, column 1 (pixel): expected an integer 0..16, got \"-0\""), message());
    }

    private String message() {
        return assertThrows(InputException.class, () -> Optdigits.load(dir)).getMessage();
    }

    @Test
    void aShortRowSaysHowManyFieldsItHas() throws IOException {
        write("optdigits.tra", row(ramp(), "1").substring(2)); // drops the first field "0,"
        write("optdigits.tes", row(ramp(), "1"));
        assertEquals(dir.resolve("optdigits.tra") + ": line 1: expected 65 fields (64 pixels and the label), found 64", message());
    }

    @Test
    void aFileThatIsNotUtf8NamesItsLine() throws IOException {
        write("optdigits.tra", row(ramp(), "1"));
        Files.write(dir.resolve("optdigits.tes"), new byte[] {'0', ',', (byte) 0x80, '\n'});
        assertEquals(dir.resolve("optdigits.tes") + ": line 1: not UTF-8 text (byte 0x80 at column 3); expected a UTF-8 text file "
                + "(save it as UTF-8)", message());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        write("optdigits.tra", row(ramp(), "1"));
        assertEquals(dir.resolve("optdigits.tes") + ": no such file", message());
    }

    @Test
    void theUciCopyHasTheDocumentedRows() {
        Path folder = RepositoryData.folder("optdigits");
        ImageSplits s = Optdigits.load(folder);
        assertEquals(3823, s.train().size());
        assertEquals(1797, s.test().size());
        assertEquals(10, s.train().classes());
        for (int c : s.train().classCounts()) {
            assertTrue(c > 300, "every digit is well represented in training: " + c);
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s.train().images()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0.0f, min);
        assertEquals(1.0f, max, "some pixel has the full count 16");
        PixelStatistics n = s.normalization();
        assertTrue(n.mean()[0] > 0.1f && n.mean()[0] < 0.5f, "mostly dark images: " + n);
    }
}
