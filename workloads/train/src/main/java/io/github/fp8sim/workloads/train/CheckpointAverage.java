package io.github.fp8sim.workloads.train;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * The mean of the master weights at several checkpoints (Vaswani et al. 2017, section 6.1: the base
 * Transformer is "a single model obtained by averaging the last 5 checkpoints"). Each checkpoint's values
 * are added in double, in checkpoint order, and the mean is rounded to FP32 once: the same bits on any
 * machine. Averaging also cancels part of the zero-mean noise that stochastic rounding of the FP16
 * master update leaves in the weights.
 */
final class CheckpointAverage {

    private final int checkpoints;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private int added;

    /** An average of {@code checkpoints} checkpoints. */
    CheckpointAverage(int checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** Adds the masters' current values as one checkpoint. */
    void add(Map<String, MasterWeights> masters) {
        if (added == checkpoints) {
            throw new IllegalStateException("already " + checkpoints + " checkpoints");
        }
        for (Map.Entry<String, MasterWeights> e : masters.entrySet()) {
            float[] v = e.getValue().values();
            double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[v.length]);
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i];
            }
        }
        added++;
    }

    /**
     * The averaged weights of {@code graph}'s parameters, and {@code fixed}'s values (BatchNorm statistics)
     * for the parameters that have no master.
     */
    Map<String, FloatTensor> values(Graph graph, Map<String, FloatTensor> fixed) {
        if (added != checkpoints) {
            throw new IllegalStateException(added + " of " + checkpoints + " checkpoints added");
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Tensor t : graph.parameters()) {
            double[] sum = sums.get(t.name());
            if (sum == null) {
                out.put(t.name(), fixed.get(t.name()));
                continue;
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / checkpoints);
            }
            out.put(t.name(), new FloatTensor(t.shape(), mean));
        }
        return out;
    }
}
