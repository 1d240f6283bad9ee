package io.github.fp8sim.workloads.models;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Node;

/** Sums of a built graph's MACs, by node-name prefix, for comparison with closed forms. */
final class ModelCounts {

    private ModelCounts() {}

    /** The MACs of all nodes whose name starts with {@code prefix}. */
    static long macs(Graph g, String prefix) {
        long sum = 0;
        for (Node n : g.nodes()) {
            if (n.name().startsWith(prefix)) {
                sum += g.count(n).macs();
            }
        }
        return sum;
    }

    /** The MACs of the node called {@code name}. */
    static long nodeMacs(Graph g, String name) {
        return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .map(n -> g.count(n).macs()).orElseThrow(() -> new AssertionError("no node " + name));
    }
}
