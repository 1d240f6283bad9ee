package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable dataflow graph: tensors, the nodes that produce them, and which tensors are fed from
 * outside ({@link #inputs()}: data and labels), stored ({@link #parameters()}: weights, biases,
 * normalisation parameters and statistics, each with an {@link Init}) or wanted ({@link #outputs()}).
 *
 * <p>Built only by {@link GraphBuilder}, which checks every shape. {@link #nodes()} is in a topological
 * order: every input of a node is a graph input, a parameter or an output of an earlier node, and each
 * tensor has at most one producer.
 */
public final class Graph {

    private final String name;
    private final List<Tensor> tensors;
    private final List<Node> nodes;
    private final List<Tensor> inputs;
    private final List<Tensor> parameters;
    private final List<Tensor> outputs;
    private final Map<Integer, Init> inits;
    private final Map<String, Tensor> byName;
    private final int[] producer;
    private final List<List<Node>> consumers;

    Graph(String name, List<Tensor> tensors, List<Node> nodes, List<Tensor> inputs, List<Tensor> parameters,
            List<Tensor> outputs, Map<Integer, Init> inits) {
        this.name = name;
        this.tensors = List.copyOf(tensors);
        this.nodes = List.copyOf(nodes);
        this.inputs = List.copyOf(inputs);
        this.parameters = List.copyOf(parameters);
        this.outputs = List.copyOf(outputs);
        this.inits = Map.copyOf(inits);
        Map<String, Tensor> names = new HashMap<>();
        for (Tensor t : this.tensors) {
            names.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.producer = new int[this.tensors.size()];
        java.util.Arrays.fill(producer, -1);
        List<List<Node>> cons = new ArrayList<>();
        for (int i = 0; i < this.tensors.size(); i++) {
            cons.add(new ArrayList<>());
        }
        for (Node n : this.nodes) {
            for (int id : n.inputs()) {
                cons.get(id).add(n);
            }
            for (int id : n.outputs()) {
                producer[id] = n.index();
            }
        }
        List<List<Node>> frozen = new ArrayList<>();
        for (List<Node> c : cons) {
            frozen.add(List.copyOf(c));
        }
        this.consumers = List.copyOf(frozen);
    }

    /** The model's name, e.g. {@code resnet50}. */
    public String name() {
        return name;
    }

    /** All tensors; {@code tensors().get(t.id()) == t}. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** The tensor with this id. */
    public Tensor tensor(int id) {
        return tensors.get(id);
    }

    /** The tensor with this name, if any. */
    public Optional<Tensor> tensor(String tensorName) {
        return Optional.ofNullable(byName.get(tensorName));
    }

    /** The nodes in the order they were added, which is a topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * The nodes in a topological order (every node after the producers of its inputs): the order the
     * compiler lowers and the reference executor evaluates. Deterministic: the order the builder added them.
     */
    public List<Node> topologicalOrder() {
        return nodes;
    }

    /** Tensors fed from outside at run time (images, token ids, labels). */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** Stored tensors whose values come from initialisation or a weight file, in declaration order. */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** The tensors the graph computes for the caller (logits, loss). */
    public List<Tensor> outputs() {
        return outputs;
    }

    /**
     * How parameter {@code t} is initialised.
     *
     * @throws IllegalArgumentException if {@code t} is not a parameter of this graph
     */
    public Init init(Tensor t) {
        Init init = inits.get(t.id());
        if (init == null || !owns(t)) {
            throw new IllegalArgumentException("'" + t.name() + "' is not a parameter of graph " + name);
        }
        return init;
    }

    /** The node that produces {@code t}, or empty for inputs and parameters. */
    public Optional<Node> producer(Tensor t) {
        requireOwned(t);
        int p = producer[t.id()];
        return p < 0 ? Optional.empty() : Optional.of(nodes.get(p));
    }

    /** The nodes that read {@code t}, in topological order. */
    public List<Node> consumers(Tensor t) {
        requireOwned(t);
        return consumers.get(t.id());
    }

    private boolean owns(Tensor t) {
        return t.id() < tensors.size() && tensors.get(t.id()).equals(t);
    }

    private void requireOwned(Tensor t) {
        if (!owns(t)) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' does not belong to graph " + name);
        }
    }

    /** The shapes of a node's inputs, in order. */
    public List<TensorShape> inputShapes(Node n) {
        return n.inputs().stream().map(id -> tensors.get(id).shape()).toList();
    }

    /** The shapes of a node's outputs, in order. */
    public List<TensorShape> outputShapes(Node n) {
        return n.outputs().stream().map(id -> tensors.get(id).shape()).toList();
    }

    /** The MACs and output elements of a node. */
    public OpCount count(Node n) {
        return MacCounter.count(n.op(), inputShapes(n), outputShapes(n));
    }

    /** The MACs of all nodes (one forward pass). */
    public long totalMacs() {
        long sum = 0;
        for (Node n : nodes) {
            sum = Math.addExact(sum, count(n).macs());
        }
        return sum;
    }

    /**
     * The number of trainable parameter elements (classes {@link TensorClass#trainable()}), the figure
     * torchvision's {@code sum(p.numel() for p in model.parameters())} gives: BatchNorm's running
     * statistics are buffers and do not count; a tensor used twice (tied embeddings) counts once.
     */
    public long parameterCount() {
        long sum = 0;
        for (Tensor t : parameters) {
            if (t.tensorClass().trainable()) {
                sum += t.numel();
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Graph[" + name + ": " + nodes.size() + " nodes, " + tensors.size() + " tensors]";
    }
}
