package io.github.fp8sim.workloads.reference;

/**
 * One row's layer-normalisation statistics, in double: the mean, then the biased variance
 * {@code mean((x - mean)^2)} in a second pass, as {@code 1 / sqrt(var + eps)}. The forward pass and its
 * backward both take them from here, so the backward differentiates exactly the forward's numbers.
 *
 * @param mean       the row's mean
 * @param inverseStd {@code 1 / sqrt(var + eps)}
 */
public record LayerNormRow(double mean, double inverseStd) {

    /** The statistics of {@code v[offset .. offset + d)}. */
    public static LayerNormRow of(float[] v, int offset, int d, double eps) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            sum += v[offset + j];
        }
        double mean = sum / d;
        double sq = 0;
        for (int j = 0; j < d; j++) {
            double c = v[offset + j] - mean;
            sq += c * c;
        }
        return new LayerNormRow(mean, 1.0 / StrictMath.sqrt(sq / d + eps));
    }
}
