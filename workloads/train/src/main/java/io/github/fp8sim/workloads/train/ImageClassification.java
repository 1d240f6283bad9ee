package io.github.fp8sim.workloads.train;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

import io.github.fp8sim.workloads.data.Batch;
import io.github.fp8sim.workloads.data.ImageDataset;
import io.github.fp8sim.workloads.data.ImageSplits;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.metrics.AccuracyMetrics;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Image classification: a classifier graph with inputs {@code image} and {@code labels} and logits
 * {@code fc}, scored by top-1 accuracy over the whole test set.
 *
 * @param model the classifier (with its loss) for a batch size
 * @param data  the training and test images
 */
public record ImageClassification(IntFunction<Graph> model, ImageSplits data) implements TrainingTask {

    @Override
    public Graph graph(int batch) {
        return model.apply(batch);
    }

    @Override
    public int trainSize() {
        return data.train().size();
    }

    @Override
    public Map<String, FloatTensor> trainBatch(int[] examples) {
        Batch b = data.train().batch(examples);
        return Map.of("image", b.images(), "labels", b.labels());
    }

    /** Top-1 accuracy over the whole test set, in batches of {@code batch} (the last one smaller). */
    @Override
    public double evaluate(Inference inference, int batch) {
        ImageDataset test = data.test();
        Map<Integer, Graph> graphs = new HashMap<>();
        int correct = 0;
        for (int start = 0; start < test.size(); start += batch) {
            int n = Math.min(batch, test.size() - start);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = start + i;
            }
            Batch b = test.batch(idx);
            FloatTensor logits = inference.infer(graphs.computeIfAbsent(n, model::apply), Map.of("image", b.images())).get("fc");
            int classes = logits.shape().dim(1);
            for (int i = 0; i < n; i++) {
                correct += AccuracyMetrics.argmax(logits.data(), i * classes, classes) == (int) b.labels().data()[i] ? 1 : 0;
            }
        }
        return (double) correct / test.size();
    }

    @Override
    public Metric metric() {
        return Metric.TOP1;
    }
}
