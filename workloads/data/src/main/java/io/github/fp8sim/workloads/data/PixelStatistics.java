package io.github.fp8sim.workloads.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of a dataset's pixels, to standardize inputs
 * ({@code (x - mean) / std}) the usual way: measured on the training split, applied to every split.
 *
 * <p>{@link #of(ImageDataset)} sums in double in increasing index order; {@code std} is the population
 * standard deviation {@code sqrt(mean((x - mean)^2))} (PyTorch's {@code unbiased=False}), both rounded to
 * float once. A channel whose pixels are all equal has std 0; it gets std 1 so that it is only centred.
 *
 * @param mean one mean per channel
 * @param std  one positive std per channel
 */
public record PixelStatistics(float[] mean, float[] std) {

    public PixelStatistics {
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("expected one mean and one std per channel, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("every std must be positive and finite, got " + Arrays.toString(std));
            }
        }
    }

    /** The statistics of {@code dataset}'s pixels, per channel. */
    public static PixelStatistics of(ImageDataset dataset) {
        int channels = dataset.channels();
        int plane = dataset.height() * dataset.width();
        float[] x = dataset.images();
        long perChannel = (long) dataset.size() * plane;
        if (perChannel == 0) {
            throw new IllegalArgumentException(dataset.name() + ": no images to measure");
        }
        double[] sum = new double[channels];
        for (int start = 0, block = 0; start < x.length; start += plane, block++) {
            int c = block % channels;
            for (int j = start; j < start + plane; j++) {
                sum[c] += x[j];
            }
        }
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = sum[c] / perChannel;
        }
        double[] squares = new double[channels];
        for (int start = 0, block = 0; start < x.length; start += plane, block++) {
            int c = block % channels;
            for (int j = start; j < start + plane; j++) {
                double d = x[j] - mean[c];
                squares[c] += d * d;
            }
        }
        float[] m = new float[channels];
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = (float) mean[c];
            float std = (float) StrictMath.sqrt(squares[c] / perChannel);
            s[c] = std > 0 ? std : 1.0f;
        }
        return new PixelStatistics(m, s);
    }

    /** {@code dataset} standardized with these statistics ({@link ImageDataset#standardized(float[], float[])}). */
    public ImageDataset apply(ImageDataset dataset) {
        return dataset.standardized(mean, std);
    }

    /** A copy of the means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the stds. */
    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelStatistics n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PixelStatistics[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
