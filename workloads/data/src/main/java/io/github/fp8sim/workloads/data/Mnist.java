package io.github.fp8sim.workloads.data;

import java.math.BigInteger;
import java.nio.file.Path;

import io.github.fp8sim.runtime.io.InputException;

/**
 * MNIST in LeCun's IDX files (LeCun, Cortes, Burges, "The MNIST database of handwritten digits"): 28x28
 * grey images, 10 classes. Fashion-MNIST ships in the same files and loads the same way.
 *
 * <p>The folder holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each possibly gzip-compressed with a
 * {@code .gz} suffix (the uncompressed file wins when both exist). IDX, all integers big-endian:
 * <pre>
 * images: magic 0x00000803 (unsigned bytes, 3 dimensions), count, rows, cols, then count*rows*cols pixels
 * labels: magic 0x00000801 (unsigned bytes, 1 dimension),  count,             then count labels 0..9
 * </pre>
 * Pixels are returned as {@code byte / 255}, in [0, 1]. Errors name the file and the byte offset (in the
 * decompressed bytes for a {@code .gz} file).
 */
public final class Mnist {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Number of classes. */
    public static final int CLASSES = 10;

    private Mnist() {}

    /**
     * Reads the training and test splits from {@code dir}.
     *
     * @throws InputException naming the file (and byte offset) that is missing, truncated or malformed, or
     *                        the two files whose counts or image sizes disagree
     */
    public static ImageSplits load(Path dir) {
        ImageDataset train = read(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "mnist/train");
        ImageDataset test = read(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "mnist/test");
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new InputException(DataFiles.plainOrGzipPath(dir, "t10k-images-idx3-ubyte") + ": images are "
                    + test.height() + "x" + test.width() + " but the training images are " + train.height() + "x" + train.width());
        }
        return new ImageSplits(train, test);
    }

    /** One split: an images file and its labels file in {@code dir} (each may have a {@code .gz} suffix). */
    static ImageDataset read(Path dir, String imagesName, String labelsName, String name) {
        Path imagesFile = DataFiles.plainOrGzipPath(dir, imagesName);
        Path labelsFile = DataFiles.plainOrGzipPath(dir, labelsName);
        Idx images = Idx.parse(imagesFile.toString(), DataFiles.readPlainOrGzip(dir, imagesName), IMAGES_MAGIC, 3);
        Idx labels = Idx.parse(labelsFile.toString(), DataFiles.readPlainOrGzip(dir, labelsName), LABELS_MAGIC, 1);
        int count = images.dims[0];
        if (labels.dims[0] != count) {
            throw new InputException(labelsFile + ": " + labels.dims[0] + " labels, but " + imagesFile + " has " + count + " images");
        }
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            int v = labels.bytes[labels.dataOffset + i] & 0xFF;
            if (v >= CLASSES) {
                throw new InputException(labelsFile + ": byte offset " + (labels.dataOffset + i) + " (label of image " + i
                        + "): expected a class 0.." + (CLASSES - 1) + ", got " + v);
            }
            y[i] = v;
        }
        int rows = images.dims[1];
        int cols = images.dims[2];
        float[] x = new float[Math.multiplyExact(count, rows * cols)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images.bytes[images.dataOffset + i] & 0xFF) / 255f;
        }
        return new ImageDataset(name, 1, rows, cols, CLASSES, x, y);
    }

    /** A parsed IDX header over the file's bytes. */
    private record Idx(byte[] bytes, int[] dims, int dataOffset) {

        static Idx parse(String file, byte[] b, int magic, int rank) {
            int header = 4 + 4 * rank;
            if (b.length < header) {
                throw new InputException(file + ": truncated at byte offset " + b.length + ": the IDX header needs "
                        + header + " bytes (magic and " + rank + " dimension" + (rank == 1 ? "" : "s") + ")");
            }
            int found = int32(b, 0);
            if (found != magic) {
                throw new InputException(file + ": byte offset 0: expected IDX magic " + hex(magic) + " (unsigned bytes, "
                        + rank + " dimension" + (rank == 1 ? "" : "s") + "), got " + hex(found));
            }
            int[] dims = new int[rank];
            BigInteger size = BigInteger.ONE;
            for (int d = 0; d < rank; d++) {
                dims[d] = int32(b, 4 + 4 * d);
                int min = d == 0 ? 0 : 1;
                if (dims[d] < min) {
                    throw new InputException(file + ": byte offset " + (4 + 4 * d) + ": dimension " + d + " is "
                            + dims[d] + ", expected >= " + min);
                }
                size = size.multiply(BigInteger.valueOf(dims[d]));
            }
            BigInteger end = size.add(BigInteger.valueOf(header));
            int cmp = end.compareTo(BigInteger.valueOf(b.length));
            if (cmp > 0) {
                throw new InputException(file + ": truncated at byte offset " + b.length + ": the header's dimensions "
                        + dimsText(dims) + " need " + size + " data bytes, ending at byte offset " + end);
            }
            if (cmp < 0) {
                throw new InputException(file + ": byte offset " + end + ": " + (b.length - end.longValue())
                        + " unexpected bytes after the data of dimensions " + dimsText(dims));
            }
            return new Idx(b, dims, header);
        }

        private static int int32(byte[] b, int at) {
            return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        }

        private static String hex(int v) {
            return String.format("0x%08X", v);
        }

        private static String dimsText(int[] dims) {
            StringBuilder s = new StringBuilder();
            for (int d = 0; d < dims.length; d++) {
                s.append(d == 0 ? "" : "x").append(dims[d]);
            }
            return s.toString();
        }
    }
}
