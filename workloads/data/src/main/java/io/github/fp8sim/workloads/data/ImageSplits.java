package io.github.fp8sim.workloads.data;

import java.util.Objects;

/**
 * A training and a test split of one image dataset (same image size and classes).
 *
 * @param train the images to train on
 * @param test  the held-out images to report accuracy on
 */
public record ImageSplits(ImageDataset train, ImageDataset test) {

    public ImageSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.channels() != test.channels() || train.height() != test.height() || train.width() != test.width()
                || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train " + train + " and test " + test + " differ in image size or classes");
        }
    }

    /** The per-channel statistics of the training split ({@link PixelStatistics#of(ImageDataset)}). */
    public PixelStatistics normalization() {
        return PixelStatistics.of(train);
    }

    /**
     * Both splits standardized with the training split's per-channel mean and std, so nothing about the
     * test images leaks into training.
     */
    public ImageSplits standardized() {
        PixelStatistics n = normalization();
        return new ImageSplits(n.apply(train), n.apply(test));
    }
}
