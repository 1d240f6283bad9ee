package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * The tensors of one {@link ReferenceExecutor} run, by tensor name: the graph's inputs and every node's
 * outputs in evaluation order (or only the graph's outputs, for {@link ReferenceExecutor#runOutputs}). A
 * node's single output carries the node's name ({@code layer1.0.conv1}), so per-layer comparisons look
 * tensors up by node name.
 */
public final class ReferenceResult {

    private final Graph graph;
    private final Map<String, FloatTensor> tensors;

    ReferenceResult(Graph graph, LinkedHashMap<String, FloatTensor> tensors) {
        this.graph = graph;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** The graph that was run. */
    public Graph graph() {
        return graph;
    }

    /** The kept tensors by name, in evaluation order (graph inputs first). */
    public Map<String, FloatTensor> tensors() {
        return tensors;
    }

    /**
     * The values of the tensor called {@code name}.
     *
     * @throws IllegalArgumentException if the run did not keep a tensor of that name
     */
    public FloatTensor tensor(String name) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in this run of " + graph.name()
                    + (graph.tensor(name).isPresent() ? " (it exists but was not kept)" : ""));
        }
        return t;
    }

    /** The values of {@code t}. */
    public FloatTensor tensor(Tensor t) {
        return tensor(t.name());
    }

    /** The values of the graph's outputs ({@link Graph#outputs()}), in that order. */
    public List<FloatTensor> outputs() {
        List<FloatTensor> out = new ArrayList<>();
        for (Tensor t : graph.outputs()) {
            out.add(tensor(t));
        }
        return List.copyOf(out);
    }
}
