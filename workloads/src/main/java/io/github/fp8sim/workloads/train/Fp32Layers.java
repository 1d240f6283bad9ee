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
 * from a list of names: {@code first} and {@code last} are the graph's first and last weight layer
 * (conv, linear or LSTM cell, in node order: the "first conv" and "last FC" of ARCHITECTURE.md
 * section 3 and of the FP8 training literature), any other word a layer's node name.
 */
public final class Fp32Layers {

    private Fp32Layers() {
    }

    /**
     * The layer names {@code words} select in {@code graph}, in the order given, without repeats.
     *
     * @throws IllegalArgumentException for a word that names no weight layer of the graph
     */
    public static Set<String> resolve(Graph graph, List<String> words) {
        List<Node> layers = graph.nodes().stream().filter(Fp32Layers::isWeightLayer).toList();
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            switch (w) {
                case "first" -> out.add(first(layers, graph).name());
                case "last" -> out.add(first(layers.reversed(), graph).name());
                default -> {
                    if (layers.stream().noneMatch(n -> n.name().equals(w))) {
                        List<String> names = layers.stream().map(Node::name).toList();
                        throw new IllegalArgumentException("no conv, linear or LSTM layer named '" + w + "' in " + graph.name()
                                + "; expected first, last or one of " + (names.size() <= 6 ? names
                                : names.subList(0, 3) + " ... " + names.subList(names.size() - 2, names.size())));
                    }
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static Node first(List<Node> layers, Graph graph) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException(graph.name() + " has no conv, linear or LSTM layer");
        }
        return layers.get(0);
    }

    /** A layer with weights whose products run on the MAC array. */
    static boolean isWeightLayer(Node n) {
        return n.op() instanceof Conv2d || n.op() instanceof Linear || n.op() instanceof LstmCell;
    }
}
