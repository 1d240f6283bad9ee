package io.github.fp8sim.workloads.train;

import java.util.Map;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * What a {@link Trainer} trains: a model graph, the training examples it draws batches from, and the
 * held-out test that scores it after each epoch ({@link ImageClassification}: top-1 accuracy;
 * {@link Translation}: corpus BLEU of greedy decoding).
 */
public sealed interface TrainingTask permits ImageClassification, Translation {

    /** The training graph (with its loss output) for {@code batch} examples. */
    Graph graph(int batch);

    /** The number of training examples. */
    int trainSize();

    /** The graph inputs, labels included, of the training batch made of these examples (indices into the set). */
    Map<String, FloatTensor> trainBatch(int[] examples);

    /** The test score of {@code model}, evaluated in batches of at most {@code batch} examples. */
    double evaluate(Inference model, int batch);

    /** What {@link #evaluate} measures. */
    Metric metric();

    /** A test score's kind: its report key and how it prints. */
    enum Metric {
        /** Top-1 accuracy as a fraction in [0, 1]; prints as a percentage. */
        TOP1("top1", "test top-1", 100, "%"),
        /** Corpus BLEU-4 on the scale 0..100. */
        BLEU("bleu", "test BLEU", 1, "");

        private final String key;
        private final String label;
        private final double printScale;
        private final String unit;

        Metric(String key, String label, double printScale, String unit) {
            this.key = key;
            this.label = label;
            this.printScale = printScale;
            this.unit = unit;
        }

        /** The report key: {@code accuracy.top1} or {@code accuracy.bleu}. */
        public String key() {
            return key;
        }

        /** The words before a printed score, e.g. {@code "test top-1"}. */
        public String label() {
            return label;
        }

        /** {@code score} as printed: {@code 97.83%} or {@code 24.61}. */
        public String format(double score) {
            return String.format(java.util.Locale.ROOT, "%.2f%s", score * printScale, unit);
        }

        /** The difference of two scores as printed, in points: {@code +0.45 pt}. */
        public String formatDifference(double a, double b) {
            return String.format(java.util.Locale.ROOT, "%+.2f pt", (a - b) * printScale);
        }
    }

    /** A trained model's inference-mode forward pass, with the run's numerics. */
    @FunctionalInterface
    interface Inference {
        /** The non-loss outputs of {@code graph} (one of {@link #graph}'s, any batch size) on {@code inputs}. */
        Map<String, FloatTensor> infer(Graph graph, Map<String, FloatTensor> inputs);
    }
}
