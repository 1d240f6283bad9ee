package io.github.fp8sim.workloads.weights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * The values of a graph's parameters: seeded initialisation made per tensor on demand (a timing run that
 * needs only shapes never materialises the 25 M floats of ResNet-50), or loaded from a {@link WeightFile}.
 */
public final class Weights {

    private final Graph graph;
    private final long seed;
    private final Map<String, float[]> loaded;

    private Weights(Graph graph, long seed, Map<String, float[]> loaded) {
        this.graph = graph;
        this.seed = seed;
        this.loaded = loaded;
    }

    /** Every parameter initialised by its {@link io.github.fp8sim.workloads.graph.Init} from {@code seed}, lazily. */
    public static Weights seeded(Graph graph, long seed) {
        return new Weights(Objects.requireNonNull(graph, "graph"), seed, null);
    }

    /**
     * The parameters read from {@code file}, which must hold exactly the graph's parameters, each with
     * the graph's shape.
     *
     * @throws InputException naming the file and the tensor on a read error, a missing or unknown tensor,
     *                        or a shape that differs from the graph's
     */
    public static Weights load(Graph graph, Path file) {
        Map<String, float[]> values = new HashMap<>();
        for (StoredTensor s : WeightFile.read(file)) {
            Tensor t = graph.tensor(s.name()).orElse(null);
            if (t == null || !graph.parameters().contains(t)) {
                throw new InputException(file + ": tensor '" + s.name() + "' is not a parameter of " + graph.name());
            }
            if (!t.shape().equals(s.shape())) {
                throw new InputException(file + ": tensor '" + s.name() + "' has shape " + s.shape() + " in the file but "
                        + t.shape() + " in " + graph.name());
            }
            values.put(s.name(), s.values());
        }
        for (Tensor t : graph.parameters()) {
            if (!values.containsKey(t.name())) {
                throw new InputException(file + ": tensor '" + t.name() + "' of " + graph.name() + " is missing");
            }
        }
        return new Weights(graph, 0, values);
    }

    /**
     * The given values, which must be exactly the graph's parameters, each with as many values as its
     * shape has elements (trained weights held in memory). The arrays are copied.
     *
     * @throws IllegalArgumentException naming the tensor for a missing, unknown or wrongly sized one
     */
    public static Weights of(Graph graph, Map<String, float[]> values) {
        Map<String, float[]> copy = new HashMap<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            Tensor t = graph.tensor(e.getKey()).orElse(null);
            if (t == null || !graph.parameters().contains(t)) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a parameter of " + graph.name());
            }
            if (e.getValue().length != t.numel()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' has " + e.getValue().length + " values; its shape "
                        + t.shape() + " has " + t.numel());
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        for (Tensor t : graph.parameters()) {
            if (!copy.containsKey(t.name())) {
                throw new IllegalArgumentException("parameter '" + t.name() + "' of " + graph.name() + " is missing");
            }
        }
        return new Weights(graph, 0, copy);
    }

    /** Whether the values are held in memory (loaded or given), not made from the seed on demand. */
    public boolean inMemory() {
        return loaded != null;
    }

    /** The graph these weights belong to. */
    public Graph graph() {
        return graph;
    }

    /**
     * The values of parameter {@code t}, row-major, in a new array the caller owns.
     *
     * @throws IllegalArgumentException if {@code t} is not a parameter of the graph
     */
    public float[] get(Tensor t) {
        var init = graph.init(t);
        if (loaded != null) {
            return loaded.get(t.name()).clone();
        }
        return WeightInit.values(seed, t.name(), init, Math.toIntExact(t.numel()));
    }

    /** The values of the parameter called {@code name}. */
    public float[] get(String name) {
        return get(graph.tensor(name).orElseThrow(() -> new IllegalArgumentException(
                "no tensor '" + name + "' in " + graph.name())));
    }

    /** Writes every parameter to {@code file} in {@link WeightFile} format, in the graph's order. */
    public void save(Path file) {
        List<StoredTensor> out = new ArrayList<>();
        for (Tensor t : graph.parameters()) {
            out.add(new StoredTensor(t.name(), t.shape(), get(t)));
        }
        WeightFile.write(file, out);
    }
}
