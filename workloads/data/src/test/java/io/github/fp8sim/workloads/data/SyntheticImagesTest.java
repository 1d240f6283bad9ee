package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    @Test
    void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
        ImageSplits a = SyntheticImages.generate(10, 1, 8, 200, 50, 42);
        ImageSplits b = SyntheticImages.generate(10, 1, 8, 200, 50, 42);
        ImageSplits c = SyntheticImages.generate(10, 1, 8, 200, 50, 43);
        assertArrayEquals(a.train().images(), b.train().images());
        assertArrayEquals(a.test().images(), b.test().images());
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertFalse(Arrays.equals(a.train().images(), c.train().images()));
        // Train and test image 0 are both class 0, yet different samples.
        assertFalse(Arrays.equals(Arrays.copyOf(a.train().images(), 64), Arrays.copyOf(a.test().images(), 64)));
    }

    @Test
    void aSampleDoesNotDependOnHowManyAreMade() {
        ImageSplits small = SyntheticImages.generate(4, 3, 8, 10, 5, 7);
        ImageSplits large = SyntheticImages.generate(4, 3, 8, 30, 20, 7);
        int per = 3 * 8 * 8;
        assertArrayEquals(small.train().images(), Arrays.copyOf(large.train().images(), 10 * per));
        assertArrayEquals(small.test().images(), Arrays.copyOf(large.test().images(), 5 * per));
    }

    @Test
    void classesAreBalancedAndCycleThroughTheSplit() {
        ImageSplits s = SyntheticImages.generate(10, 1, 8, 1003, 20, 1);
        int[] counts = s.train().classCounts();
        // 1003 = 100 * 10 + 3: classes 0, 1 and 2 get one image more.
        assertArrayEquals(new int[] {101, 101, 101, 100, 100, 100, 100, 100, 100, 100}, counts);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, Arrays.copyOf(s.test().labels(), 12));
    }

    @Test
    void shapesAndPixelRange() {
        ImageDataset d = SyntheticImages.generate(3, 3, 16, 12, 6, 5).train();
        assertEquals(3, d.channels());
        assertEquals(16, d.height());
        assertEquals(16, d.width());
        assertEquals(3, d.classes());
        assertEquals(12 * 3 * 16 * 16, d.images().length);
        float min = 1;
        float max = 0;
        for (float v : d.images()) {
            assertTrue(v >= 0f && v <= 1f, "pixel " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(max - min > 0.5f, "the images have contrast: " + min + ".." + max);
    }

    /**
     * The property the demo needs: images of a class look alike, but not so much that the task is a
     * lookup. A nearest-class-mean classifier on raw pixels (the simplest learner there is) must beat chance
     * by far and still make mistakes a CNN can learn to avoid.
     */
    @Test
    void learnableButNotTrivial() {
        ImageSplits s = SyntheticImages.generate(10, 1, 8, 2000, 1000, 42);
        int per = 64;
        double[][] means = new double[10][per];
        int[] counts = s.train().classCounts();
        for (int i = 0; i < s.train().size(); i++) {
            int c = s.train().labels()[i];
            for (int p = 0; p < per; p++) {
                means[c][p] += s.train().images()[i * per + p] / (double) counts[c];
            }
        }
        int right = 0;
        for (int i = 0; i < s.test().size(); i++) {
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                double d = 0;
                for (int p = 0; p < per; p++) {
                    double diff = s.test().images()[i * per + p] - means[c][p];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            right += best == s.test().labels()[i] ? 1 : 0;
        }
        double accuracy = right / 1000.0;
        assertTrue(accuracy > 0.6 && accuracy < 0.97, "nearest class mean accuracy " + accuracy);
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(1, 1, 8, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(10, 0, 8, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(10, 1, 3, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.generate(10, 1, 8, 0, 10, 0));
    }
}
