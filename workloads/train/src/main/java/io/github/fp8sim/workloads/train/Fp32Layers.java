package io.github.fp8sim.workloads.train;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.Node;

/**
 * Which GEMM layers of a graph the FP8 recipe keeps in FP32 ({@link Fp8Numerics.Recipe#fp32Layers()}),
 * from a list of words: {@code first} and {@code last} are the graph's first and last weight layer
 * (conv, linear or LSTM cell, in node order: the "first conv" and "last FC" of ARCHITECTURE.md
 * section 3 and of the FP8 training literature), any other word a layer's node name. A layer is its
 * weight: every node that multiplies by the same weight tensor (each time step of an unrolled LSTM,
 * for instance) is kept with it, so a weight's gradient never mixes FP32 and FP8 parts.
 */
public final class Fp32Layers {

    private Fp32Layers() {
    }

    /**
     * The node names {@code words} select in {@code graph}: each selected layer's nodes, in graph order,
     * without repeats.
     *
     * @throws IllegalArgumentException for a word that names no weight layer of the graph
     */
    public static Set<String> resolve(Graph graph, List<String> words) {
        List<Node> layers = graph.nodes().stream().filter(Fp32Layers::isWeightLayer).toList();
        Set<Integer> weights = new LinkedHashSet<>();
        for (String w : words) {
            switch (w) {
                case "first" -> weights.add(weight(first(layers, graph)));
                case "last" -> weights.add(weight(first(layers.reversed(), graph)));
                default -> {
                    Node named = layers.stream().filter(n -> n.name().equals(w)).findFirst().orElseThrow(() -> {
                        List<String> names = layers.stream().map(Node::name).toList();
                        return new IllegalArgumentException("no conv, linear or LSTM layer named '" + w + "' in " + graph.name()
                                + "; expected first, last or one of " + (names.size() <= 6 ? names
                                : names.subList(0, 3) + " ... " + names.subList(names.size() - 2, names.size())));
                    });
                    weights.add(weight(named));
                }
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node n : layers) {
            if (weights.contains(weight(n))) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** The kept nodes for a line of output: all of them, or the first three and how many in all. */
    public static String describe(Set<String> nodes) {
        List<String> names = List.copyOf(nodes);
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " ... (" + names.size() + " nodes)";
    }

    private static Node first(List<Node> layers, Graph graph) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(graph.name() + " has no conv, linear or LSTM layer");
        }
        return layers.get(0);
    }

    /** The tensor id of a weight layer's weight: a conv's or linear's second input, an LSTM cell's wIh. */
    private static int weight(Node n) {
        return n.inputs().get(n.op() instanceof LstmCell ? 3 : 1);
    }

    /** A layer with weights whose products run on the MAC array. */
    static boolean isWeightLayer(Node n) {
        return n.op() instanceof Conv2d || n.op() instanceof Linear || n.op() instanceof LstmCell;
    }
}
