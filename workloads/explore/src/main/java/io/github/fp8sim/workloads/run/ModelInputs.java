package io.github.fp8sim.workloads.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.StoredTensor;
import io.github.fp8sim.workloads.weights.WeightFile;

/**
 * Real inputs for a model run, in the {@link WeightFile} container: one tensor per graph input, named
 * and shaped as the graph's ({@code image [N, 3, 224, 224]}, token ids as floats). An input the graph
 * only needs for its loss (labels) may be left out.
 */
public final class ModelInputs {

    private ModelInputs() {
    }

    /**
     * @throws InputException naming the file and tensor for an unknown, missing or wrongly shaped input,
     *                        or an index value that is not a whole number its readers accept
     */
    public static Map<String, FloatTensor> read(Graph graph, Path file) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (StoredTensor s : WeightFile.read(file)) {
            Tensor t = graph.tensor(s.name()).filter(graph.inputs()::contains).orElseThrow(() -> new InputException(
                    file + ": tensor '" + s.name() + "' is not an input of " + graph.name() + " (inputs: "
                            + String.join(", ", graph.inputs().stream().map(Tensor::name).toList()) + ")"));
            if (!t.shape().equals(s.shape())) {
                throw new InputException(file + ": tensor '" + s.name() + "' has shape " + s.shape() + "; " + graph.name()
                        + " expects " + t.shape());
            }
            if (t.tensorClass() == TensorClass.INDEX) {
                int range = SyntheticInputs.indexRange(graph, t);     // what the tensor's readers accept
                float[] v = s.values();
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= range) {
                        throw new InputException(file + ": tensor '" + s.name() + "' element " + i + " is " + v[i]
                                + "; expected a whole number in [0, " + range + ")");
                    }
                }
            }
            out.put(s.name(), new FloatTensor(s.shape(), s.values()));
        }
        for (Tensor t : graph.inputs()) {
            boolean lossOnly = graph.consumers(t).stream().allMatch(n -> n.op() instanceof io.github.fp8sim.workloads.graph.CrossEntropy);
            if (!out.containsKey(t.name()) && !lossOnly) {
                throw new InputException(file + ": input '" + t.name() + "' of " + graph.name() + " is missing");
            }
            if (!out.containsKey(t.name())) {
                out.put(t.name(), SyntheticInputs.of(graph, 0).get(t.name()));   // a loss input: never read by the run
            }
        }
        return out;
    }
}
