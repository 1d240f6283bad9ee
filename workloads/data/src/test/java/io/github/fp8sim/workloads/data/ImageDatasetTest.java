package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.tensor.TensorShape;

class ImageDatasetTest {

    /** Three images of 2 channels x 1 x 2: image i, channel c, column x holds 100i + 10c + x. */
    private static ImageDataset threeImages() {
        float[] x = new float[3 * 2 * 1 * 2];
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                for (int col = 0; col < 2; col++) {
                    x[(i * 2 + c) * 2 + col] = 100 * i + 10 * c + col;
                }
            }
        }
        return new ImageDataset("t", 2, 1, 2, 5, x, new int[] {4, 0, 2});
    }

    @Test
    void aBatchGathersImagesInIndexOrderWithFloatLabels() {
        Batch b = threeImages().batch(new int[] {2, 0, 2});
        assertEquals(TensorShape.of(3, 2, 1, 2), b.images().shape());
        assertEquals(TensorShape.of(3), b.labels().shape());
        assertArrayEquals(new float[] {200, 201, 210, 211, 0, 1, 10, 11, 200, 201, 210, 211}, b.images().data());
        assertArrayEquals(new float[] {2, 4, 2}, b.labels().data());
        assertEquals(3, b.size());
        assertEquals(211f, b.images().get(2, 1, 0, 1));
    }

    @Test
    void badIndicesAndLabelsAreRejected() {
        ImageDataset d = threeImages();
        assertThrows(IndexOutOfBoundsException.class, () -> d.batch(new int[] {3}));
        assertThrows(IndexOutOfBoundsException.class, () -> d.batch(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> d.batch(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset("t", 1, 1, 1, 2, new float[1], new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset("t", 1, 2, 2, 2, new float[3], new int[] {0}));
    }

    @Test
    void classCountsAndSubsets() {
        ImageDataset d = threeImages();
        assertArrayEquals(new int[] {1, 0, 1, 0, 1}, d.classCounts());
        ImageDataset s = d.subset("s", new int[] {1});
        assertArrayEquals(new float[] {100, 101, 110, 111}, s.images());
        assertArrayEquals(new int[] {0}, s.labels());
    }

    @Test
    void normalizationIsMeasuredPerChannelOnTheTrainingSplitOnly() {
        // Channel 0 of the training images holds 0, 1, 100, 101, 200, 201: mean 603/6 = 100.5; the deviations
        // -100.5, -99.5, -0.5, 0.5, 99.5, 100.5 square to 10100.25, 9900.25, 0.25, 0.25, 9900.25, 10100.25,
        // sum 40001.5; the population variance is 40001.5 / 6. Channel 1 is channel 0 plus 10.
        ImageDataset train = threeImages();
        double var0 = 40001.5 / 6;
        ImageDataset test = new ImageDataset("u", 2, 1, 2, 5, new float[] {100.5f, 0, 110.5f, 0}, new int[] {1});
        ImageSplits splits = new ImageSplits(train, test);
        PixelStatistics n = splits.normalization();
        assertEquals(100.5f, n.mean()[0]);
        assertEquals(110.5f, n.mean()[1], "channel 1 is channel 0 plus 10");
        assertEquals((float) Math.sqrt(var0), n.std()[0]);
        assertEquals(n.std()[0], n.std()[1], "a shift does not change the spread");

        ImageSplits z = splits.standardized();
        // The test image is scaled by the training statistics: its first pixels sit at the training means.
        assertEquals(0f, z.test().images()[0]);
        assertEquals(0f, z.test().images()[2]);
        // The statistics are floats; the division is in double with the float std, rounded once.
        assertEquals((float) ((0 - 100.5) / (double) (float) Math.sqrt(var0)), z.test().images()[1]);
        // Standardized training data has mean 0 and std 1 per channel (to float rounding).
        PixelStatistics after = PixelStatistics.of(z.train());
        assertEquals(0f, after.mean()[0], 1e-6f);
        assertEquals(1f, after.std()[0], 1e-6f);
    }

    @Test
    void aConstantChannelIsOnlyCentred() {
        ImageDataset flat = new ImageDataset("flat", 1, 1, 2, 2, new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new int[] {0, 1});
        PixelStatistics n = PixelStatistics.of(flat);
        assertEquals(0.5f, n.mean()[0]);
        assertEquals(1f, n.std()[0]);
        assertArrayEquals(new float[] {0, 0, 0, 0}, n.apply(flat).images());
    }

    @Test
    void standardizingWithGivenValuesRoundsOnce() {
        ImageDataset d = new ImageDataset("d", 1, 1, 1, 2, new float[] {1f}, new int[] {1});
        // (1 - 0.1307) / 0.3081 computed in double, rounded to float once (MNIST's usual constants).
        assertEquals((float) ((1.0 - (double) 0.1307f) / (double) 0.3081f), d.standardized(0.1307f, 0.3081f).images()[0]);
        assertThrows(IllegalArgumentException.class, () -> d.standardized(0f, 0f));
    }
}
