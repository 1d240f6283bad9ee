package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * batchnorm (inference), layernorm, softmax and cross-entropy, in double with sums in increasing index
 * order, each output rounded to float once.
 */
final class Normalization {

    private Normalization() {}

    /**
     * Inference batch normalisation over axis 1 of {@code x [N, C, ...]} with the running statistics:
     * {@code y = (x - mean) * (gamma / sqrt(var + eps)) + beta}, the per-channel factor computed once.
     */
    static FloatTensor batchNorm(double eps, FloatTensor x, FloatTensor gamma, FloatTensor beta, FloatTensor mean,
            FloatTensor var) {
        int channels = x.shape().dim(1);
        int inner = x.size() / (x.shape().dim(0) * channels);
        float[] v = x.data();
        float[] y = new float[v.length];
        for (int i = 0, block = 0; i < v.length; i += inner, block++) {
            int c = block % channels;
            double m = mean.data()[c];
            double factor = gamma.data()[c] / StrictMath.sqrt(var.data()[c] + eps);
            double shift = beta.data()[c];
            for (int j = i; j < i + inner; j++) {
                y[j] = (float) ((v[j] - m) * factor + shift);
            }
        }
        return new FloatTensor(x.shape(), y);
    }

    /**
     * Layer normalisation over the last axis: mean, then the biased variance {@code mean((x - mean)^2)} in a
     * second pass, then {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}.
     */
    static FloatTensor layerNorm(double eps, FloatTensor x, FloatTensor gamma, FloatTensor beta) {
        int d = x.shape().dim(-1);
        float[] v = x.data();
        float[] g = gamma.data();
        float[] b = beta.data();
        float[] y = new float[v.length];
        for (int row = 0; row < v.length; row += d) {
            LayerNormRow s = LayerNormRow.of(v, row, d, eps);
            for (int j = 0; j < d; j++) {
                y[row + j] = (float) ((v[row + j] - s.mean()) * s.inverseStd() * g[j] + b[j]);
            }
        }
        return new FloatTensor(x.shape(), y);
    }

    /**
     * Softmax along {@code axis}, max-subtracted: {@code exp(x - max) / sum exp(x - max)}. A -infinity entry
     * (a causal mask) gets 0; a line that is all -infinity gives NaN, as in PyTorch.
     */
    static FloatTensor softmax(int axis, FloatTensor x) {
        int a = x.shape().normalizeAxis(axis);
        int len = x.shape().dim(a);
        int inner = x.size() / Math.toIntExact(x.shape().numelBefore(a)) / len;
        float[] v = x.data();
        float[] y = new float[v.length];
        double[] e = new double[len];
        for (int start = 0; start < v.length; start += len * inner) {
            for (int k = 0; k < inner; k++) {
                int first = start + k;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    max = Math.max(max, v[first + i * inner]);
                }
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    e[i] = StrictMath.exp((double) v[first + i * inner] - max);
                    sum += e[i];
                }
                for (int i = 0; i < len; i++) {
                    y[first + i * inner] = (float) (e[i] / sum);
                }
            }
        }
        return new FloatTensor(x.shape(), y);
    }

    /**
     * Mean over the counted rows (label not the op's ignore index) of {@code log(sum_j exp(x_j)) - x_label}, with
     * the row maximum subtracted inside the log; 0 when no row counts. Labels are integers held in floats.
     *
     * @throws IllegalArgumentException if a label is not an integer in {@code [0, C)}
     */
    static FloatTensor crossEntropy(CrossEntropy op, FloatTensor logits, FloatTensor labels) {
        int rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        float[] v = logits.data();
        double total = 0;
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            if (labels.data()[r] == op.ignoreIndex()) {
                continue;       // an ignored row (padding) is not part of the mean
            }
            counted++;
            int label = Indices.index(labels.data()[r], classes, "label of row " + r);
            int base = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, v[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += StrictMath.exp((double) v[base + j] - max);
            }
            total += StrictMath.log(sum) + max - v[base + label];
        }
        return FloatTensor.of(io.github.fp8sim.workloads.tensor.TensorShape.SCALAR, counted == 0 ? 0f : (float) (total / counted));
    }
}
