package io.github.fp8sim.workloads.data;

import java.util.Objects;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Labelled images, all of one size: {@code images} holds {@code size() x channels x height x width} floats in
 * row-major NCHW order (image, then channel, then row, then column), {@code labels} one class id in
 * {@code [0, classes)} per image. The arrays are not copied; treat them as read-only (methods that change
 * values return a new dataset). Equality is the record default, so the arrays compare by identity.
 *
 * @param name     a short name for reports, e.g. {@code optdigits/train}
 * @param channels colour channels (1 grey, 3 RGB)
 * @param height   rows per image
 * @param width    columns per image
 * @param classes  number of classes
 * @param images   the pixels, NCHW
 * @param labels   the class of each image
 */
public record ImageDataset(String name, int channels, int height, int width, int classes, float[] images, int[] labels) {

    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (channels < 1 || height < 1 || width < 1 || classes < 1) {
            throw new IllegalArgumentException(name + ": channels, height, width and classes must be >= 1, got "
                    + channels + ", " + height + ", " + width + ", " + classes);
        }
        long expected = (long) labels.length * channels * height * width;
        if (images.length != expected) {
            throw new IllegalArgumentException(name + ": " + images.length + " pixel values for " + labels.length
                    + " images of " + channels + "x" + height + "x" + width + " (needs " + expected + ")");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(name + ": image " + i + " has label " + labels[i] + ", not in 0.." + (classes - 1));
            }
        }
    }

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** Values per image: {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The shape of one image batch of {@code batchSize}: {@code [batchSize, channels, height, width]}. */
    public TensorShape batchShape(int batchSize) {
        return TensorShape.of(batchSize, channels, height, width);
    }

    /** Images per class: entry {@code c} counts the images labelled {@code c}. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The images at {@code indices}, in that order (an index may repeat): images {@code [B, C, H, W]} and
     * labels {@code [B]} holding the class ids as floats (the graph IR's INDEX tensors are float tensors).
     *
     * @throws IllegalArgumentException if {@code indices} is empty
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}
     */
    public Batch batch(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException(name + ": a batch needs at least one index");
        }
        int per = imageSize();
        float[] x = new float[indices.length * per];
        float[] y = new float[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = Objects.checkIndex(indices[b], size());
            System.arraycopy(images, i * per, x, b * per, per);
            y[b] = labels[i];
        }
        return new Batch(new FloatTensor(batchShape(indices.length), x), new FloatTensor(TensorShape.of(indices.length), y));
    }

    /** A new dataset of the images at {@code indices}, in that order, named {@code name}. */
    public ImageDataset subset(String name, int[] indices) {
        int per = imageSize();
        float[] x = new float[indices.length * per];
        int[] y = new int[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = Objects.checkIndex(indices[b], size());
            System.arraycopy(images, i * per, x, b * per, per);
            y[b] = labels[i];
        }
        return new ImageDataset(name, channels, height, width, classes, x, y);
    }

    /**
     * This dataset with every pixel {@code v} of channel {@code c} replaced by
     * {@code (float) ((v - mean[c]) / std[c])}, computed in double and rounded once.
     *
     * @throws IllegalArgumentException if the arrays do not have one entry per channel or a std is not positive
     */
    public ImageDataset standardized(float[] mean, float[] std) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException(name + ": expected " + channels + " means and stds, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException(name + ": every std must be positive and finite, got " + s);
            }
        }
        int plane = height * width;
        float[] out = new float[images.length];
        for (int start = 0, block = 0; start < images.length; start += plane, block++) {
            int c = block % channels;
            double m = mean[c];
            double s = std[c];
            for (int j = start; j < start + plane; j++) {
                out[j] = (float) ((images[j] - m) / s);
            }
        }
        return new ImageDataset(name, channels, height, width, classes, out, labels);
    }

    /** {@link #standardized(float[], float[])} with the same mean and std for every channel. */
    public ImageDataset standardized(float mean, float std) {
        float[] m = new float[channels];
        float[] s = new float[channels];
        java.util.Arrays.fill(m, mean);
        java.util.Arrays.fill(s, std);
        return standardized(m, s);
    }

    /** The dataset's name and dimensions, not its values. */
    @Override
    public String toString() {
        return "ImageDataset[" + name + ": " + size() + " x " + channels + "x" + height + "x" + width + ", " + classes + " classes]";
    }
}
