package io.github.fp8sim.workloads.autodiff;

import java.util.Arrays;
import java.util.List;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.LayerNormRow;

/**
 * Gradients of layer normalisation and of inference-mode batch normalisation, in double with sums in
 * increasing index order, each gradient element rounded once. Training-mode batch normalisation is
 * {@link BatchNormTraining}.
 */
final class NormBackward {

    private NormBackward() {}

    /**
     * {@code [dX, dGamma, dBeta]} of layer normalisation over the last axis (length D), with the forward's mean,
     * two-pass biased variance and {@code inv = 1 / sqrt(var + eps)}. Per row, with {@code xhat = (x - mean) inv}
     * and {@code g = dY gamma}: {@code dX = inv (g - mean(g) - xhat mean(g xhat))}, the full gradient including
     * the paths through the mean and the variance. {@code dGamma[j] = sum_rows dY xhat}, {@code dBeta[j] = sum_rows dY},
     * rows in increasing order.
     */
    static List<FloatTensor> layerNorm(double eps, FloatTensor x, FloatTensor gamma, FloatTensor dy) {
        int d = x.shape().dim(-1);
        float[] v = x.data();
        float[] gm = gamma.data();
        float[] g = dy.data();
        double[] dx = new double[v.length];
        Sums dGamma = new Sums(gamma.shape());
        Sums dBeta = new Sums(gamma.shape());
        double[] xhat = new double[d];
        double[] scaled = new double[d];
        for (int row = 0; row < v.length; row += d) {
            LayerNormRow stats = LayerNormRow.of(v, row, d, eps);
            double mean = stats.mean();
            double inv = stats.inverseStd();
            double sumG = 0;
            double sumGx = 0;
            for (int j = 0; j < d; j++) {
                xhat[j] = (v[row + j] - mean) * inv;
                scaled[j] = (double) g[row + j] * gm[j];
                sumG += scaled[j];
                sumGx += scaled[j] * xhat[j];
                dGamma.add(j, g[row + j] * xhat[j]);
                dBeta.add(j, g[row + j]);
            }
            for (int j = 0; j < d; j++) {
                dx[row + j] = inv * (scaled[j] - sumG / d - xhat[j] * (sumGx / d));
            }
        }
        return List.of(Grads.rounded(x.shape(), dx), dGamma.rounded(), dBeta.rounded());
    }

    /**
     * {@code [dX, dGamma, dBeta, null, null]} of batch normalisation with the running statistics (constants
     * here, so they take no gradient): {@code dX = dY gamma / sqrt(var + eps)},
     * {@code dGamma[c] = sum dY (x - mean) / sqrt(var + eps)}, {@code dBeta[c] = sum dY}, the sums over
     * {@code (n, spatial)} in increasing order.
     */
    static List<FloatTensor> batchNormInference(double eps, FloatTensor x, FloatTensor gamma, FloatTensor mean,
            FloatTensor var, FloatTensor dy) {
        int channels = x.shape().dim(1);
        int inner = x.size() / (x.shape().dim(0) * channels);
        float[] v = x.data();
        float[] g = dy.data();
        double[] dx = new double[v.length];
        Sums dGamma = new Sums(gamma.shape());
        Sums dBeta = new Sums(gamma.shape());
        for (int i = 0, block = 0; i < v.length; i += inner, block++) {
            int c = block % channels;
            double m = mean.data()[c];
            double inv = 1.0 / StrictMath.sqrt(var.data()[c] + eps);
            double factor = gamma.data()[c] * inv;
            for (int j = i; j < i + inner; j++) {
                dx[j] = g[j] * factor;
                dGamma.add(c, g[j] * ((v[j] - m) * inv));
                dBeta.add(c, g[j]);
            }
        }
        return Arrays.asList(Grads.rounded(x.shape(), dx), dGamma.rounded(), dBeta.rounded(), null, null);
    }
}
