package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Batch normalisation in training mode (PyTorch's {@code BatchNorm2d.train()}): each channel of
 * {@code x [N, C, ...]} is normalised with the statistics of the batch itself, the mean and the biased
 * variance over the {@code M = N x spatial} values of the channel, and the running statistics are moved
 * towards the batch's mean and unbiased variance with momentum {@value #MOMENTUM}.
 *
 * <p>Numerics as the inference form in the reference executor: double, sums over {@code (n, spatial)} in
 * increasing order, the variance in a second pass, {@code y = (x - mean) (gamma / sqrt(var + eps)) + beta}
 * rounded once. The backward recomputes the statistics from {@code x} in double rather than reading the
 * rounded ones of {@link Result}, so forward and backward see the same values.
 */
public final class BatchNormTraining {

    /** PyTorch's default momentum: {@code running = (1 - 0.1) running + 0.1 batch}. */
    public static final double MOMENTUM = 0.1;

    private BatchNormTraining() {}

    /**
     * The output and the batch statistics of one training-mode forward.
     *
     * @param output      the normalised {@code x}, shape of {@code x}
     * @param mean        the batch mean per channel {@code [C]}
     * @param invStd      {@code 1 / sqrt(biased variance + eps)} per channel, what the backward scales by
     * @param unbiasedVar the batch variance with Bessel's correction ({@code / (M - 1)}), for the running variance
     */
    public record Result(FloatTensor output, FloatTensor mean, FloatTensor invStd, FloatTensor unbiasedVar) {}

    /**
     * Normalises {@code x} with its batch statistics.
     *
     * @throws IllegalArgumentException if a channel has a single value ({@code M = 1}), whose unbiased variance is
     *                                  undefined (PyTorch refuses it too)
     */
    public static Result forward(FloatTensor x, FloatTensor gamma, FloatTensor beta, double eps) {
        Statistics s = Statistics.of(x, eps);
        float[] v = x.data();
        double[] y = new double[v.length];
        double[] mean = new double[s.channels];
        double[] inv = new double[s.channels];
        double[] unbiased = new double[s.channels];
        for (int c = 0; c < s.channels; c++) {
            double factor = gamma.data()[c] / StrictMath.sqrt(s.var[c] + eps);
            double shift = beta.data()[c];
            for (int n = 0; n < s.batch; n++) {
                int base = s.block(n, c);
                for (int j = base; j < base + s.inner; j++) {
                    y[j] = (v[j] - s.mean[c]) * factor + shift;
                }
            }
            mean[c] = s.mean[c];
            inv[c] = s.inv[c];
            unbiased[c] = s.var[c] * s.count / (s.count - 1);
        }
        TensorShape perChannel = TensorShape.of(s.channels);
        return new Result(Grads.rounded(x.shape(), y), Grads.rounded(perChannel, mean), Grads.rounded(perChannel, inv),
                Grads.rounded(perChannel, unbiased));
    }

    /**
     * {@code [dX, dGamma, dBeta]}: the full gradient, through the batch mean and variance as well as directly.
     * Per channel, with {@code xhat = (x - mean) invStd}: {@code dBeta = sum dY}, {@code dGamma = sum dY xhat}, and
     * {@code dX = gamma invStd (dY - dBeta / M - xhat dGamma / M)}; sums over {@code (n, spatial)} in increasing order.
     */
    public static List<FloatTensor> backward(FloatTensor x, FloatTensor gamma, FloatTensor dy, double eps) {
        Statistics s = Statistics.of(x, eps);
        float[] v = x.data();
        float[] g = dy.data();
        double[] dx = new double[v.length];
        double[] dGamma = new double[s.channels];
        double[] dBeta = new double[s.channels];
        for (int c = 0; c < s.channels; c++) {
            // -0.0 is the identity of IEEE addition: each sum starts from its first term.
            double sumDy = -0.0;
            double sumDyXhat = -0.0;
            for (int n = 0; n < s.batch; n++) {
                int base = s.block(n, c);
                for (int j = base; j < base + s.inner; j++) {
                    sumDy += g[j];
                    sumDyXhat += g[j] * ((v[j] - s.mean[c]) * s.inv[c]);
                }
            }
            double scale = gamma.data()[c] * s.inv[c];
            for (int n = 0; n < s.batch; n++) {
                int base = s.block(n, c);
                for (int j = base; j < base + s.inner; j++) {
                    double xhat = (v[j] - s.mean[c]) * s.inv[c];
                    dx[j] = scale * (g[j] - sumDy / s.count - xhat * (sumDyXhat / s.count));
                }
            }
            dGamma[c] = sumDyXhat;
            dBeta[c] = sumDy;
        }
        return List.of(Grads.rounded(x.shape(), dx), Grads.rounded(gamma.shape(), dGamma),
                Grads.rounded(gamma.shape(), dBeta));
    }

    /**
     * The running statistic after one training step: {@code (1 - momentum) running + momentum batch} in double,
     * rounded once. Pass {@link Result#mean()} for the running mean and {@link Result#unbiasedVar()} for the
     * running variance.
     */
    public static FloatTensor updateRunning(FloatTensor running, FloatTensor batch) {
        if (!running.shape().equals(batch.shape())) {
            throw new IllegalArgumentException("running " + running.shape() + " and batch " + batch.shape() + " differ");
        }
        double[] r = new double[running.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (1 - MOMENTUM) * running.data()[i] + MOMENTUM * batch.data()[i];
        }
        return Grads.rounded(running.shape(), r);
    }

    /** The batch mean, biased variance and {@code 1 / sqrt(var + eps)} of every channel, in double. */
    private static final class Statistics {
        final int batch;
        final int channels;
        final int inner;
        final int count;
        final double[] mean;
        final double[] var;
        final double[] inv;

        private Statistics(int batch, int channels, int inner) {
            this.batch = batch;
            this.channels = channels;
            this.inner = inner;
            this.count = batch * inner;
            this.mean = new double[channels];
            this.var = new double[channels];
            this.inv = new double[channels];
        }

        static Statistics of(FloatTensor x, double eps) {
            TensorShape xs = x.shape();
            if (xs.rank() < 2) {
                throw new IllegalArgumentException("input x " + xs + " must have rank >= 2 (axis 1 is the channel)");
            }
            int inner = Math.toIntExact(xs.numel() / ((long) xs.dim(0) * xs.dim(1)));
            Statistics s = new Statistics(xs.dim(0), xs.dim(1), inner);
            if (s.count < 2) {
                throw new IllegalArgumentException("training batch normalisation needs more than 1 value per channel, "
                        + "input x " + xs + " has " + s.count);
            }
            float[] v = x.data();
            for (int c = 0; c < s.channels; c++) {
                double sum = 0;
                for (int n = 0; n < s.batch; n++) {
                    int base = s.block(n, c);
                    for (int j = base; j < base + s.inner; j++) {
                        sum += v[j];
                    }
                }
                double m = sum / s.count;
                double sq = 0;
                for (int n = 0; n < s.batch; n++) {
                    int base = s.block(n, c);
                    for (int j = base; j < base + s.inner; j++) {
                        double d = v[j] - m;
                        sq += d * d;
                    }
                }
                s.mean[c] = m;
                s.var[c] = sq / s.count;
                s.inv[c] = 1.0 / StrictMath.sqrt(s.var[c] + eps);
            }
            return s;
        }

        /** The flat index of the first value of image {@code n}, channel {@code c}. */
        int block(int n, int c) {
            return (n * channels + c) * inner;
        }
    }
}
