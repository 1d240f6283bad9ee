package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.workloads.graph.Node;

/** The vector-unit and data-movement ops of sequence models (in progress). */
final class SequenceLowering {

    private SequenceLowering() {
    }

    static void lower(Node n, LoweringContext ctx) {
        throw new IllegalArgumentException("the compiler does not lower " + n.op().kind() + " yet");
    }
}
