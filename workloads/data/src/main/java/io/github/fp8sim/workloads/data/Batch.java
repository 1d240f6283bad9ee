package io.github.fp8sim.workloads.data;

import java.util.Objects;

import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * One mini-batch of images, ready to feed a graph.
 *
 * @param images {@code [B, C, H, W]} pixels
 * @param labels {@code [B]} class ids as floats ({@code 3.0f} is class 3), the graph IR's INDEX convention
 */
public record Batch(FloatTensor images, FloatTensor labels) {

    public Batch {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.shape().rank() != 4 || labels.shape().rank() != 1 || images.shape().dim(0) != labels.shape().dim(0)) {
            throw new IllegalArgumentException("images " + images.shape() + " and labels " + labels.shape()
                    + " are not a batch of [B, C, H, W] and [B]");
        }
    }

    /** The number of images. */
    public int size() {
        return labels.shape().dim(0);
    }
}
