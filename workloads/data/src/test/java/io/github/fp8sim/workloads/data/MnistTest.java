package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;

class MnistTest {

    @TempDir
    Path dir;

    /** An IDX images file: magic 0x803, count, rows, cols (big-endian), then the pixels. */
    private static byte[] images(int count, int rows, int cols, int[] pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length); // ByteBuffer is big-endian by default
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int p : pixels) {
            b.put((byte) p);
        }
        return b.array();
    }

    /** An IDX labels file: magic 0x801, count, then the labels. */
    private static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    private void put(String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    /** Two training images of 2x3 and one test image, the test files gzip-compressed. */
    private void writeSmallSet() throws IOException {
        put("train-images-idx3-ubyte", images(2, 2, 3, new int[] {0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 1}));
        put("train-labels-idx1-ubyte", labels(7, 0));
        put("t10k-images-idx3-ubyte.gz", gzip(images(1, 2, 3, new int[] {10, 20, 30, 40, 50, 60})));
        put("t10k-labels-idx1-ubyte.gz", gzip(labels(9)));
    }

    @Test
    void idxFilesPlainAndGzippedBecomeImagesScaledBy255() throws IOException {
        writeSmallSet();
        ImageSplits s = Mnist.load(dir);
        ImageDataset train = s.train();
        assertEquals(2, train.size());
        assertEquals(1, train.channels());
        assertEquals(2, train.height());
        assertEquals(3, train.width());
        assertArrayEquals(new int[] {7, 0}, train.labels());
        // 51 = 255/5, so the first row of image 0 is 0, 0.2, 0.4 (as float divisions of the bytes).
        assertEquals(0f, train.images()[0]);
        assertEquals(51 / 255f, train.images()[1]);
        assertEquals(0.2f, train.images()[1]);
        assertEquals(1f, train.images()[5]);
        assertEquals(1f, train.images()[6], "image 1 starts after 2*3 pixels");
        assertEquals(1 / 255f, train.images()[11]);
        assertEquals(1, s.test().size());
        assertEquals(9, s.test().labels()[0]);
        assertEquals(60 / 255f, s.test().images()[5], "read through gzip");
    }

    @Test
    void theUncompressedFileWinsOverTheGzippedOne() throws IOException {
        writeSmallSet();
        put("t10k-labels-idx1-ubyte", labels(4));
        assertEquals(4, Mnist.load(dir).test().labels()[0]);
    }

    private String message() {
        return assertThrows(InputException.class, () -> Mnist.load(dir)).getMessage();
    }

    @Test
    void aWrongMagicNumberIsReportedAtOffsetZero() throws IOException {
        writeSmallSet();
        put("train-labels-idx1-ubyte", images(2, 1, 1, new int[] {7, 0})); // an images file where labels belong
        assertEquals(dir.resolve("train-labels-idx1-ubyte")
                + ": byte offset 0: expected IDX magic 0x00000801 (unsigned bytes, 1 dimension), got 0x00000803", message());
    }

    @Test
    void aTruncatedFileNamesTheOffsetWhereItEnds() throws IOException {
        writeSmallSet();
        byte[] full = images(2, 2, 3, new int[12]);
        put("train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 1));
        // 16 header bytes + 2*2*3 pixels = 28 bytes; the file has 27.
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": truncated at byte offset 27: the header's dimensions 2x2x3"
                + " need 12 data bytes, ending at byte offset 28", message());
        put("train-images-idx3-ubyte", Arrays.copyOf(full, 10));
        assertEquals(dir.resolve("train-images-idx3-ubyte")
                + ": truncated at byte offset 10: the IDX header needs 16 bytes (magic and 3 dimensions)", message());
    }

    @Test
    void aTruncatedGzipFileIsNamedWithItsSuffix() throws IOException {
        writeSmallSet();
        byte[] z = gzip(images(1, 2, 3, new int[6]));
        put("t10k-images-idx3-ubyte.gz", Arrays.copyOf(z, z.length - 10));
        String m = message();
        assertEquals(dir.resolve("t10k-images-idx3-ubyte.gz") + ": not a readable gzip file", m.substring(0, m.indexOf(" (")));
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        writeSmallSet();
        byte[] l = labels(7, 0);
        put("train-labels-idx1-ubyte", Arrays.copyOf(l, l.length + 3));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": byte offset 10: 3 unexpected bytes after the data of dimensions 2",
                message());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeSmallSet();
        put("train-labels-idx1-ubyte", labels(7, 0, 1));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": 3 labels, but " + dir.resolve("train-images-idx3-ubyte")
                + " has 2 images", message());
    }

    @Test
    void aLabelAboveNineNamesItsOffset() throws IOException {
        writeSmallSet();
        put("train-labels-idx1-ubyte", labels(7, 10));
        // Labels start after the 8-byte header: image 1's label is at offset 9.
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": byte offset 9 (label of image 1): expected a class 0..9, got 10",
                message());
    }

    @Test
    void testImagesOfAnotherSizeAreRejected() throws IOException {
        writeSmallSet();
        put("t10k-images-idx3-ubyte", images(1, 3, 2, new int[6]));
        assertEquals(dir.resolve("t10k-images-idx3-ubyte") + ": images are 3x2 but the training images are 2x3", message());
    }

    @Test
    void aMissingFileIsNamedWithBothSpellings() throws IOException {
        writeSmallSet();
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(dir.resolve("t10k-labels-idx1-ubyte") + ": no such file (nor t10k-labels-idx1-ubyte.gz)", message());
    }
}
