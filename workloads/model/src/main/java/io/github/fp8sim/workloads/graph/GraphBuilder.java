package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;

/**
 * Builds a {@link Graph} one node at a time, inferring and checking every output shape as it goes. A node
 * can only read tensors that already exist, so the order of {@link #node} calls is a topological order.
 *
 * <pre>{@code
 * GraphBuilder b = new GraphBuilder("tiny");
 * Tensor x = b.input("x", TensorShape.of(1, 16), TensorClass.ACTIVATION);
 * Tensor w = b.parameter("fc.weight", TensorShape.of(10, 16), TensorClass.WEIGHT, new Init.XavierUniform(16, 10));
 * Tensor y = b.node("fc", new Linear(false), x, w);
 * b.output(y);
 * Graph g = b.build();
 * }</pre>
 *
 * <p>A node's single output tensor takes the node's name; a node with several outputs names them
 * {@code name:0}, {@code name:1}, ... Names are unique among nodes and among tensors.
 */
public final class GraphBuilder {

    private final String name;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> inputs = new ArrayList<>();
    private final List<Tensor> parameters = new ArrayList<>();
    private final List<Tensor> outputs = new ArrayList<>();
    private final Map<Integer, Init> inits = new HashMap<>();
    private final Map<String, Tensor> tensorNames = new LinkedHashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<Integer> used = new HashSet<>();
    private boolean built;

    /** A builder for a graph called {@code name}. */
    public GraphBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A tensor fed at run time, whose number format the compiler chooses by class. */
    public Tensor input(String tensorName, TensorShape shape, TensorClass tensorClass) {
        return input(tensorName, shape, tensorClass, null);
    }

    /** A tensor fed at run time with a fixed number format ({@code null}: chosen by class). */
    public Tensor input(String tensorName, TensorShape shape, TensorClass tensorClass, FloatFormat format) {
        Tensor t = newTensor(tensorName, shape, tensorClass, format);
        inputs.add(t);
        return t;
    }

    /** A stored tensor initialised by {@code init} unless weights are loaded. */
    public Tensor parameter(String tensorName, TensorShape shape, TensorClass tensorClass, Init init) {
        return parameter(tensorName, shape, tensorClass, init, null);
    }

    /** A stored tensor with a fixed number format ({@code null}: chosen by class). */
    public Tensor parameter(String tensorName, TensorShape shape, TensorClass tensorClass, Init init, FloatFormat format) {
        Objects.requireNonNull(init, "init");
        Tensor t = newTensor(tensorName, shape, tensorClass, format);
        parameters.add(t);
        inits.put(t.id(), init);
        return t;
    }

    /**
     * Adds a node with one output and returns that output.
     *
     * @throws IllegalArgumentException naming the node and the shapes if the inputs do not fit the op,
     *                                  or if the op has more than one output
     */
    public Tensor node(String nodeName, Op op, Tensor... in) {
        return add(nodeName, op, in, true).get(0);
    }

    /**
     * Adds a node and returns all its outputs (an {@link LstmCell} gives h' and c').
     *
     * @throws IllegalArgumentException naming the node and the shapes if the inputs do not fit the op
     */
    public List<Tensor> nodeOutputs(String nodeName, Op op, Tensor... in) {
        return add(nodeName, op, in, false);
    }

    private List<Tensor> add(String nodeName, Op op, Tensor[] in, boolean single) {
        checkOpen();
        Objects.requireNonNull(op, "op");
        if (nodeNames.contains(nodeName)) {
            throw new IllegalArgumentException("duplicate node name '" + nodeName + "'");
        }
        List<TensorShape> inShapes = new ArrayList<>();
        List<Integer> inIds = new ArrayList<>();
        for (Tensor t : in) {
            own(t, nodeName);
            inShapes.add(t.shape());
            inIds.add(t.id());
        }
        List<TensorShape> outShapes;
        try {
            outShapes = ShapeInference.infer(op, inShapes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + nodeName + "' (" + op.kind() + "): " + e.getMessage(), e);
        }
        if (single && outShapes.size() != 1) {
            throw new IllegalArgumentException("node '" + nodeName + "' (" + op.kind() + ") has " + outShapes.size()
                    + " outputs; use nodeOutputs");
        }
        TensorClass outClass = outputClass(op, in);
        List<String> outNames = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) {
            String outName = outShapes.size() == 1 ? nodeName : nodeName + ":" + i;
            if (tensorNames.containsKey(outName)) {
                throw new IllegalArgumentException("node '" + nodeName + "': a tensor named '" + outName + "' already exists");
            }
            outNames.add(outName);
        }
        nodeNames.add(nodeName);
        used.addAll(inIds);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) {
            out.add(newTensor(outNames.get(i), outShapes.get(i), outClass, null));
        }
        nodes.add(new Node(nodes.size(), nodeName, op, inIds, out.stream().map(Tensor::id).toList()));
        return List.copyOf(out);
    }

    /** Marks {@code t} as a result of the graph. */
    public void output(Tensor t) {
        checkOpen();
        own(t, "output");
        if (!outputs.contains(t)) {
            outputs.add(t);
        }
    }

    /**
     * The finished graph. The builder cannot be used afterwards.
     *
     * @throws IllegalStateException if there are no outputs, or an input or parameter is never read
     */
    public Graph build() {
        checkOpen();
        if (outputs.isEmpty()) {
            throw new IllegalStateException("graph " + name + " has no outputs");
        }
        // An unread parameter would still be counted and initialised: almost always a builder bug.
        for (Tensor t : inputs) {
            requireUsed(t, "input");
        }
        for (Tensor t : parameters) {
            requireUsed(t, "parameter");
        }
        built = true;
        return new Graph(name, tensors, nodes, inputs, parameters, outputs, inits);
    }

    /**
     * The class of a node's outputs: the loss for cross-entropy; for ops that only move data (reshape,
     * transpose, slice, concat) the class their inputs share, so sliced token ids stay {@code INDEX};
     * otherwise an activation.
     */
    private static TensorClass outputClass(Op op, Tensor[] in) {
        return switch (op) {
            case CrossEntropy c -> TensorClass.LOSS;
            case Reshape r -> sharedClass(in);
            case Transpose t -> sharedClass(in);
            case Slice s -> sharedClass(in);
            case Concat c -> sharedClass(in);
            default -> TensorClass.ACTIVATION;
        };
    }

    private static TensorClass sharedClass(Tensor[] in) {
        TensorClass c = in.length == 0 ? TensorClass.ACTIVATION : in[0].tensorClass();
        for (Tensor t : in) {
            if (t.tensorClass() != c) {
                return TensorClass.ACTIVATION;
            }
        }
        return c;
    }

    private void requireUsed(Tensor t, String what) {
        if (!used.contains(t.id()) && !outputs.contains(t)) {
            throw new IllegalStateException("graph " + name + ": " + what + " '" + t.name() + "' is not read by any node");
        }
    }

    private Tensor newTensor(String tensorName, TensorShape shape, TensorClass tensorClass, FloatFormat format) {
        checkOpen();
        Objects.requireNonNull(tensorName, "tensorName");
        if (tensorNames.containsKey(tensorName)) {
            throw new IllegalArgumentException("duplicate tensor name '" + tensorName + "'");
        }
        Tensor t = new Tensor(tensors.size(), tensorName, shape, tensorClass, format);
        tensors.add(t);
        tensorNames.put(tensorName, t);
        return t;
    }

    private void own(Tensor t, String where) {
        Objects.requireNonNull(t, "tensor");
        if (t.id() >= tensors.size() || !tensors.get(t.id()).equals(t)) {
            throw new IllegalArgumentException(where + ": tensor '" + t.name() + "' does not belong to graph " + name);
        }
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("graph " + name + " is already built");
        }
    }
}
