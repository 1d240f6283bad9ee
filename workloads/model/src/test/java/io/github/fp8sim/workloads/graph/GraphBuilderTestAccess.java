package io.github.fp8sim.workloads.graph;

/** Lets tests in other packages check a graph's topological order. */
public final class GraphBuilderTestAccess {

    private GraphBuilderTestAccess() {}

    /** Every input of each node is a graph input, a parameter, or produced by an earlier node. */
    public static void assertValidOrder(Graph g) {
        GraphBuilderTest.assertValidOrder(g);
    }
}
