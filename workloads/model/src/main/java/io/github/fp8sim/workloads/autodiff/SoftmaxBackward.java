package io.github.fp8sim.workloads.autodiff;

import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Gradients of softmax and of softmax cross-entropy. The probabilities are recomputed from the input in double
 * exactly as the forward computes them (maximum subtracted, {@link StrictMath#exp}, sums in increasing index),
 * so the backward does not inherit the forward's float rounding.
 */
final class SoftmaxBackward {

    private SoftmaxBackward() {}

    /**
     * Softmax along {@code axis}: {@code dX_i = y_i (dY_i - sum_k dY_k y_k)} along each line, the sum in double in
     * increasing index along the axis. A masked (-infinity) input has {@code y = 0} and gets +0.0 or -0.0.
     */
    static FloatTensor softmax(int axis, FloatTensor x, FloatTensor dy) {
        int a = x.shape().normalizeAxis(axis);
        int len = x.shape().dim(a);
        int inner = Math.toIntExact(x.shape().numel() / x.shape().numelBefore(a) / len);
        float[] v = x.data();
        float[] g = dy.data();
        float[] dx = new float[v.length];
        double[] p = new double[len];
        for (int start = 0; start < v.length; start += len * inner) {
            for (int k = 0; k < inner; k++) {
                int first = start + k;
                probabilities(v, first, inner, len, p);
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += g[first + i * inner] * p[i];
                }
                for (int i = 0; i < len; i++) {
                    dx[first + i * inner] = (float) (p[i] * (g[first + i * inner] - dot));
                }
            }
        }
        return new FloatTensor(x.shape(), dx);
    }

    /**
     * Mean cross-entropy over the N counted rows: {@code dLogits[r][j] = (p_rj - [j == label_r]) dLoss / N}, in
     * double, rounded once, and zero for a row whose label is the op's ignore index; {@code dLoss} is the upstream gradient of the scalar loss (the loss scale when the loss is the root).
     *
     * @throws IllegalArgumentException if a label is not an integer in {@code [0, C)}
     */
    static FloatTensor crossEntropy(CrossEntropy op, FloatTensor logits, FloatTensor labels, FloatTensor dLoss) {
        int rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        double upstream = dLoss.data()[0];
        float[] v = logits.data();
        float[] dx = new float[v.length];
        double[] p = new double[classes];
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            counted += labels.data()[r] == op.ignoreIndex() ? 0 : 1;
        }
        for (int r = 0; r < rows; r++) {
            float label = labels.data()[r];
            if (label == op.ignoreIndex()) {
                continue;       // an ignored row's logits take no gradient
            }
            if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
                throw new IllegalArgumentException("label of row " + r + " is " + label + ", not an integer in [0, "
                        + classes + ")");
            }
            probabilities(v, r * classes, 1, classes, p);
            for (int j = 0; j < classes; j++) {
                double target = j == (int) label ? 1.0 : 0.0;
                dx[r * classes + j] = (float) ((p[j] - target) * upstream / counted);
            }
        }
        return new FloatTensor(logits.shape(), dx);
    }

    /** The softmax of {@code len} values {@code v[first + i * stride]} into {@code p}, as the forward computes it. */
    private static void probabilities(float[] v, int first, int stride, int len, double[] p) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, v[first + i * stride]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            p[i] = StrictMath.exp((double) v[first + i * stride] - max);
            sum += p[i];
        }
        for (int i = 0; i < len; i++) {
            p[i] /= sum;
        }
    }
}
