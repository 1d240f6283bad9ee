package io.github.fp8sim.workloads.data;

/**
 * A procedural image classification dataset for the default demo: no files, the same images from the same
 * seed on every machine, learnable by a small CNN but not by looking up one pixel.
 *
 * <p>How it is made (a reproducibility contract; change only with a note):
 * <ol>
 *   <li>Each class {@code c} has a prototype per channel: a {@value #GRID}x{@value #GRID} grid of uniform
 *       values in [0, 1) drawn from stream {@code c}, upsampled bilinearly (grid corners on the field's
 *       corners) to a field of {@code size + 2m} pixels a side, {@code m = max(1, size / 8)} the shift margin.
 *       The whole prototype (all channels) is then stretched to span exactly [0, 1].</li>
 *   <li>Sample {@code i} of a split has class {@code i mod classes} (so the classes are balanced to within
 *       one image and batches taken in order are mixed) and draws, from its own stream, in this order:
 *       a shift {@code dy, dx} uniform in {@code [-m, m]}; a contrast {@code a} uniform in
 *       [{@value #MIN_CONTRAST}, {@value #MAX_CONTRAST}); a brightness offset {@code b} uniform in
 *       [-{@value #MAX_BRIGHTNESS}, {@value #MAX_BRIGHTNESS}); a distractor class {@code d} (another class,
 *       uniform) and its weight {@code w} uniform in [0, {@value #MAX_DISTRACTOR}); then one standard normal
 *       {@code z} per pixel (Box-Muller, two uniform draws each), in channel, row, column order.</li>
 *   <li>Pixel {@code (ch, y, x)} is {@code clamp(0.5 + a * (v - 0.5) + b + }{@value #NOISE}{@code * z, 0, 1)} with
 *       {@code v = (1 - w) P_c(ch, y + m + dy, x + m + dx) + w P_d(ch, y + m + dy, x + m + dx)}: the
 *       {@code size x size} window of the shifted prototype blended with a bit of another class, in double,
 *       rounded to float once.</li>
 * </ol>
 *
 * <p>Difficulty, measured at 10 classes, 8x8 grey, 2,000 training and 1,000 test images (seeds 1, 7, 42):
 * a nearest-class-mean classifier on raw pixels gets 83-89% of the test images right, a CNN with one
 * 3x3 conv layer of 16 filters, ReLU, 2x2 max-pool and a linear layer (plain SGD, 15 epochs) 94-97%.
 * The per-pixel noise averages out over more pixels, so larger images and more channels are easier
 * (3x8x8 and 1x16x16 reach about 99% with the same CNN).
 *
 * <p>Streams are {@code splitmix64} generators: prototype {@code c} uses key {@code c}, training sample
 * {@code i} key {@code 2^32 + i}, test sample {@code i} key {@code 2^33 + i}; the stream for key {@code k}
 * starts at {@code SplitMix64.mix(seed + (k + 1) * 0x9E3779B97F4A7C15)}. A sample depends only on the
 * seed, its split, its index and the shape arguments, not on how many other samples are made.
 * Uniform draws are the top 53 bits times 2^-53, integers in a range are rejection-sampled, normals are
 * Box-Muller ({@link StrictMath}).
 */
public final class SyntheticImages {

    /** Side of the random grid each prototype channel is interpolated from. */
    public static final int GRID = 4;
    /** Standard deviation of the per-pixel Gaussian noise. */
    public static final double NOISE = 0.15;
    /** Smallest contrast factor. */
    public static final double MIN_CONTRAST = 0.7;
    /** Largest contrast factor (exclusive). */
    public static final double MAX_CONTRAST = 1.3;
    /** Largest brightness offset, either way. */
    public static final double MAX_BRIGHTNESS = 0.1;
    /** Largest weight of the distractor class's prototype (exclusive). */
    public static final double MAX_DISTRACTOR = 0.3;

    private static final long TRAIN_KEY = 1L << 32;
    private static final long TEST_KEY = 1L << 33;

    private SyntheticImages() {}

    /**
     * A training and a test split of {@code size x size} images with {@code channels} channels in
     * {@code classes} classes, pixels in [0, 1].
     *
     * @throws IllegalArgumentException if {@code classes < 2}, {@code channels < 1}, {@code size < 4},
     *                                  {@code trainCount < 1} or {@code testCount < 1}
     */
    public static ImageSplits generate(int classes, int channels, int size, int trainCount, int testCount, long seed) {
        if (classes < 2 || channels < 1 || size < 4 || trainCount < 1 || testCount < 1) {
            throw new IllegalArgumentException("need classes >= 2, channels >= 1, size >= 4 and counts >= 1, got classes "
                    + classes + ", channels " + channels + ", size " + size + ", counts " + trainCount + " and " + testCount);
        }
        int margin = Math.max(1, size / 8);
        int field = size + 2 * margin;
        double[][] prototypes = new double[classes][];
        for (int c = 0; c < classes; c++) {
            prototypes[c] = prototype(SplitMixStream.keyed(seed, c), channels, field);
        }
        String name = "synthetic" + classes + "x" + channels + "x" + size;
        return new ImageSplits(
                split(name + "/train", prototypes, channels, size, margin, trainCount, seed, TRAIN_KEY),
                split(name + "/test", prototypes, channels, size, margin, testCount, seed, TEST_KEY));
    }

    /** One prototype: {@code channels} planes of {@code field x field}, stretched to [0, 1]. */
    private static double[] prototype(SplitMixStream random, int channels, int field) {
        double[] p = new double[channels * field * field];
        double[] grid = new double[GRID * GRID];
        double scale = (GRID - 1) / (double) (field - 1);
        for (int ch = 0; ch < channels; ch++) {
            for (int g = 0; g < grid.length; g++) {
                grid[g] = random.nextDouble();
            }
            for (int y = 0; y < field; y++) {
                double gy = y * scale;
                int y0 = Math.min((int) gy, GRID - 2);
                double fy = gy - y0;
                for (int x = 0; x < field; x++) {
                    double gx = x * scale;
                    int x0 = Math.min((int) gx, GRID - 2);
                    double fx = gx - x0;
                    double top = grid[y0 * GRID + x0] * (1 - fx) + grid[y0 * GRID + x0 + 1] * fx;
                    double bottom = grid[(y0 + 1) * GRID + x0] * (1 - fx) + grid[(y0 + 1) * GRID + x0 + 1] * fx;
                    p[(ch * field + y) * field + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max > min ? max - min : 1;
        for (int i = 0; i < p.length; i++) {
            p[i] = (p[i] - min) / range;
        }
        return p;
    }

    private static ImageDataset split(String name, double[][] prototypes, int channels, int size, int margin, int count,
            long seed, long key) {
        int classes = prototypes.length;
        int field = size + 2 * margin;
        int per = channels * size * size;
        float[] images = new float[Math.multiplyExact(count, per)];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int c = i % classes;
            labels[i] = c;
            SplitMixStream random = SplitMixStream.keyed(seed, key + i);
            int dy = random.nextInt(2 * margin + 1) - margin;
            int dx = random.nextInt(2 * margin + 1) - margin;
            double contrast = MIN_CONTRAST + (MAX_CONTRAST - MIN_CONTRAST) * random.nextDouble();
            double brightness = MAX_BRIGHTNESS * (2 * random.nextDouble() - 1);
            int other = random.nextInt(classes - 1);
            int d = other >= c ? other + 1 : other;
            double w = MAX_DISTRACTOR * random.nextDouble();
            double[] own = prototypes[c];
            double[] distractor = prototypes[d];
            int out = i * per;
            for (int ch = 0; ch < channels; ch++) {
                for (int y = 0; y < size; y++) {
                    int row = (ch * field + y + margin + dy) * field + margin + dx;
                    for (int x = 0; x < size; x++) {
                        double v = (1 - w) * own[row + x] + w * distractor[row + x];
                        double pixel = 0.5 + contrast * (v - 0.5) + brightness + NOISE * random.nextGaussian();
                        images[out++] = (float) Math.min(1.0, Math.max(0.0, pixel));
                    }
                }
            }
        }
        return new ImageDataset(name, channels, size, size, classes, images, labels);
    }
}
