package io.github.fp8sim.workloads.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * CIFAR-10, binary version (Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009):
 * 32x32 RGB images, 10 classes. Training batches {@code data_batch_1.bin} .. {@code data_batch_5.bin}
 * (whichever exist, in that order; at least one), test batch {@code test_batch.bin}.
 *
 * <p>Each record is 3,073 bytes: the label 0..9, then 1,024 red, 1,024 green and 1,024 blue bytes, each
 * plane row-major 32x32, which is already the NCHW layout. Pixels are returned as {@code byte / 255}.
 */
public final class Cifar10 {

    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Colour channels (R, G, B). */
    public static final int CHANNELS = 3;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Bytes per record: one label byte and the pixels. */
    public static final int RECORD_BYTES = 1 + CHANNELS * SIDE * SIDE;
    /** The most training batch files. */
    public static final int TRAIN_BATCHES = 5;
    /** The test batch file's name. */
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {}

    /**
     * Reads the training batches that exist and the test batch from {@code dir}.
     *
     * @throws InputException if no training batch exists, the test batch is missing, or a file is malformed
     *                        (naming the file and the record)
     */
    public static ImageSplits load(Path dir) {
        List<Path> trainFiles = new ArrayList<>();
        for (int i = 1; i <= TRAIN_BATCHES; i++) {
            Path f = dir.resolve("data_batch_" + i + ".bin");
            if (Files.exists(f)) {
                trainFiles.add(f);
            }
        }
        if (trainFiles.isEmpty()) {
            throw new InputException(dir + ": no CIFAR-10 training batch (expected data_batch_1.bin .. data_batch_"
                    + TRAIN_BATCHES + ".bin)");
        }
        return new ImageSplits(read(trainFiles, "cifar10/train"), read(List.of(dir.resolve(TEST_FILE)), "cifar10/test"));
    }

    /** The records of {@code files}, concatenated in order, as a dataset called {@code name}. */
    static ImageDataset read(List<Path> files, String name) {
        List<byte[]> contents = new ArrayList<>();
        int records = 0;
        for (Path f : files) {
            byte[] b = InputFiles.readAllBytes(f);
            int whole = b.length / RECORD_BYTES;
            if (b.length == 0) {
                throw new InputException(f + ": empty file; expected records of " + RECORD_BYTES + " bytes");
            }
            if (b.length % RECORD_BYTES != 0) {
                throw new InputException(f + ": record " + whole + " is truncated: it starts at byte offset "
                        + (long) whole * RECORD_BYTES + " and needs " + RECORD_BYTES + " bytes (1 label + 3072 pixels), but only "
                        + (b.length - (long) whole * RECORD_BYTES) + " remain");
            }
            for (int r = 0; r < whole; r++) {
                int label = b[r * RECORD_BYTES] & 0xFF;
                if (label >= CLASSES) {
                    throw new InputException(f + ": record " + r + " (byte offset " + (long) r * RECORD_BYTES
                            + "): expected a label 0.." + (CLASSES - 1) + ", got " + label);
                }
            }
            contents.add(b);
            records = Math.addExact(records, whole);
        }
        int pixels = RECORD_BYTES - 1;
        float[] x = new float[Math.multiplyExact(records, pixels)];
        int[] y = new int[records];
        int n = 0;
        for (byte[] b : contents) {
            for (int at = 0; at < b.length; at += RECORD_BYTES, n++) {
                y[n] = b[at] & 0xFF;
                int base = n * pixels;
                for (int p = 0; p < pixels; p++) {
                    x[base + p] = (b[at + 1 + p] & 0xFF) / 255f;
                }
            }
        }
        return new ImageDataset(name, CHANNELS, SIDE, SIDE, CLASSES, x, y);
    }
}
