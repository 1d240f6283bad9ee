package io.github.fp8sim.workloads.graph;

import java.util.List;
import java.util.Objects;

/**
 * One op applied to tensors of a {@link Graph}.
 *
 * @param index   the position in {@link Graph#nodes()}, which is a topological order
 * @param name    unique in the graph (a layer name such as {@code layer1.0.conv1})
 * @param op      the operation
 * @param inputs  ids of the input tensors, in the op's positional order
 * @param outputs ids of the tensors this node produces
 */
public record Node(int index, String name, Op op, List<Integer> inputs, List<Integer> outputs) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
