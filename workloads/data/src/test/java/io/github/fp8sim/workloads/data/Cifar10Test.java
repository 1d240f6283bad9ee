package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;

class Cifar10Test {

    private static final int RECORD = 1 + 3 * 32 * 32;

    @TempDir
    Path dir;

    /**
     * Records whose pixel byte {@code p} (0..3071, i.e. channel p/1024, row (p%1024)/32, column p%32) of
     * record {@code r} is {@code (p + 7r) mod 256}.
     */
    private static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * RECORD];
        for (int r = 0; r < labels.length; r++) {
            b[r * RECORD] = (byte) labels[r];
            for (int p = 0; p < 3072; p++) {
                b[r * RECORD + 1 + p] = (byte) ((p + 7 * r) % 256);
            }
        }
        return b;
    }

    private String message() {
        return assertThrows(InputException.class, () -> Cifar10.load(dir)).getMessage();
    }

    @Test
    void recordsArePlanarRgbInNchwOrder() throws IOException {
        // Only batches 2 and 4 exist: both are read, in order.
        Files.write(dir.resolve("data_batch_2.bin"), records(6, 1));
        Files.write(dir.resolve("data_batch_4.bin"), records(9));
        Files.write(dir.resolve("test_batch.bin"), records(3));
        ImageSplits s = Cifar10.load(dir);
        ImageDataset train = s.train();
        assertEquals(3, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertArrayEquals(new int[] {6, 1, 9}, train.labels());
        // Image 1, green (channel 1), row 3, column 4: byte p = 1024 + 3*32 + 4 = 1124 of record 1,
        // value (1124 + 7) mod 256 = 1131 - 1024 = 107; NCHW index 1*3072 + 1*1024 + 3*32 + 4 = 4196.
        assertEquals(107 / 255f, train.images()[4196]);
        // Image 2 is record 0 of batch 4: blue, row 31, column 31 is byte 3071, 3071 mod 256 = 255.
        assertEquals(1f, train.images()[2 * 3072 + 3071]);
        assertEquals(1, s.test().size());
        assertEquals(3, s.test().labels()[0]);
        assertEquals(0f, s.test().images()[0]);
    }

    @Test
    void aTruncatedRecordIsNamedByIndexAndOffset() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(1));
        byte[] test = records(1, 2);
        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(test, test.length - 5));
        // Record 1 starts at 3073 and needs 3073 bytes; 3073 - 5 = 3068 remain.
        assertEquals(dir.resolve("test_batch.bin") + ": record 1 is truncated: it starts at byte offset 3073 and needs 3073 bytes"
                + " (1 label + 3072 pixels), but only 3068 remain", message());
    }

    @Test
    void aLabelAboveNineIsAnError() throws IOException {
        Files.write(dir.resolve("data_batch_1.bin"), records(1, 2, 10));
        Files.write(dir.resolve("test_batch.bin"), records(0));
        assertEquals(dir.resolve("data_batch_1.bin") + ": record 2 (byte offset 6146): expected a label 0..9, got 10", message());
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Files.write(dir.resolve("test_batch.bin"), records(0));
        assertEquals(dir + ": no CIFAR-10 training batch (expected data_batch_1.bin .. data_batch_5.bin)", message());
        Files.write(dir.resolve("data_batch_5.bin"), records(0));
        Files.delete(dir.resolve("test_batch.bin"));
        assertEquals(dir.resolve("test_batch.bin") + ": no such file", message());
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        assertEquals(dir.resolve("test_batch.bin") + ": empty file; expected records of 3073 bytes", message());
    }
}
