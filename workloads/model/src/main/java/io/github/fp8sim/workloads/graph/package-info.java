/**
 * The graph IR: tensors with shapes and classes, a sealed set of op records, shape inference and MAC
 * counts in one exhaustive switch each, and the {@link io.github.fp8sim.workloads.graph.GraphBuilder} that
 * checks shapes as a graph is built in topological order.
 */
package io.github.fp8sim.workloads.graph;
