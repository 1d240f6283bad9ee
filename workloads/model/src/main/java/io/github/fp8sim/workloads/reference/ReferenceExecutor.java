package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.ShapeInference;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * Runs a {@link Graph} forward in plain FP32 with given weights: the reference the accelerator's FP8 run is
 * measured against. Nodes run in {@link Graph#topologicalOrder()}; tensors are row-major {@code float[]} in
 * the IR's layout (images {@code [N, C, H, W]}, sequences {@code [B, T, D]}); the numerics, fixed to the bit,
 * are described in the {@linkplain io.github.fp8sim.workloads.reference package documentation}.
 *
 * <p>Inference semantics: batchnorm uses the running mean and variance (the {@code NORM_STAT} parameters);
 * there is no dropout in the IR. Parameters are read from the {@link Weights} once, on first use, and kept
 * for later runs. Thread-safe; each run is single-threaded, so results do not depend on the thread count.
 *
 * <pre>{@code
 * Graph g = ResNet.build(ResNet.resnet8(1));
 * ReferenceExecutor exec = new ReferenceExecutor(g, Weights.seeded(g, 42));
 * ReferenceResult r = exec.run(Map.of("image", image, "labels", labels));
 * FloatTensor logits = r.tensor("fc");
 * }</pre>
 */
public final class ReferenceExecutor {

    private final Graph graph;
    private final Weights weights;
    private final Map<Integer, FloatTensor> parameters = new ConcurrentHashMap<>();

    /**
     * An executor of {@code graph} with {@code weights}.
     *
     * @throws IllegalArgumentException if the weights belong to another graph
     */
    public ReferenceExecutor(Graph graph, Weights weights) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.weights = Objects.requireNonNull(weights, "weights");
        if (weights.graph() != graph) {
            throw new IllegalArgumentException("the weights belong to graph " + weights.graph().name() + ", not to this "
                    + graph.name());
        }
    }

    /** The graph this executor runs. */
    public Graph graph() {
        return graph;
    }

    /**
     * Evaluates the graph and keeps every tensor: the inputs and all node outputs, by name.
     *
     * @param inputs a value for each of {@link Graph#inputs()}, by name, with the graph's shape; index tensors
     *               (token ids, labels) hold integers as floats
     * @throws IllegalArgumentException naming the tensor if an input is missing, unknown or of the wrong
     *                                  shape, or if an index value is out of range
     */
    public ReferenceResult run(Map<String, FloatTensor> inputs) {
        return evaluate(inputs, true);
    }

    /**
     * Evaluates the graph keeping only its outputs: each intermediate is dropped after its last reader, so
     * large batches fit in memory. The outputs are the same bits as {@link #run}'s.
     *
     * @throws IllegalArgumentException as {@link #run}
     */
    public ReferenceResult runOutputs(Map<String, FloatTensor> inputs) {
        return evaluate(inputs, false);
    }

    /** The values of parameter {@code t} this executor uses (read once from the weights). */
    public FloatTensor parameter(Tensor t) {
        return parameters.computeIfAbsent(t.id(), id -> new FloatTensor(t.shape(), weights.get(t)));
    }

    /**
     * Applies one op to values, outside any graph: the output shapes come from {@link ShapeInference}.
     *
     * @throws IllegalArgumentException if the inputs do not fit the op
     */
    public static List<FloatTensor> apply(Op op, List<FloatTensor> inputs) {
        return apply(op, inputs, GemmThreads.SERIAL);
    }

    /**
     * {@link #apply(Op, List)} with the dot products of conv2d, linear and matmul shared by host threads: each
     * output is still summed whole, in the same order, by one thread, so the bits are {@link #apply(Op, List)}'s
     * for every thread count.
     *
     * @throws IllegalArgumentException if the inputs do not fit the op
     */
    public static List<FloatTensor> apply(Op op, List<FloatTensor> inputs, GemmThreads threads) {
        Objects.requireNonNull(threads, "threads");
        List<TensorShape> shapes = inputs.stream().map(FloatTensor::shape).toList();
        return evaluate(op, inputs, ShapeInference.infer(op, shapes), threads);
    }

    /** {@link #apply} for an op with one output. */
    public static FloatTensor apply(Op op, FloatTensor... inputs) {
        List<FloatTensor> out = apply(op, List.of(inputs));
        if (out.size() != 1) {
            throw new IllegalArgumentException(op.kind() + " has " + out.size() + " outputs; use apply(op, List)");
        }
        return out.get(0);
    }

    private ReferenceResult evaluate(Map<String, FloatTensor> inputs, boolean keepAll) {
        FloatTensor[] values = new FloatTensor[graph.tensors().size()];
        LinkedHashMap<String, FloatTensor> kept = new LinkedHashMap<>();
        Set<Integer> outputs = new HashSet<>();
        graph.outputs().forEach(t -> outputs.add(t.id()));
        bindInputs(graph, inputs, values);
        for (Tensor t : graph.inputs()) {
            if (keepAll || outputs.contains(t.id())) {
                kept.put(t.name(), values[t.id()]);
            }
        }
        int[] lastUse = keepAll ? null : lastUses();
        for (Node n : graph.topologicalOrder()) {
            List<FloatTensor> in = new ArrayList<>();
            for (int id : n.inputs()) {
                in.add(values[id] != null ? values[id] : parameter(graph.tensor(id)));
            }
            List<FloatTensor> out;
            try {
                out = evaluate(n.op(), in, graph.outputShapes(n), GemmThreads.SERIAL);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node '" + n.name() + "' (" + n.op().kind() + "): " + e.getMessage(), e);
            }
            for (int i = 0; i < out.size(); i++) {
                int id = n.outputs().get(i);
                values[id] = out.get(i);
                if (keepAll || outputs.contains(id)) {
                    kept.put(graph.tensor(id).name(), out.get(i));
                }
            }
            if (!keepAll) {
                for (int id : n.inputs()) {
                    if (lastUse[id] == n.index()) {
                        values[id] = null;
                    }
                }
            }
        }
        return new ReferenceResult(graph, kept);
    }

    /**
     * Puts a private copy of each graph input into {@code values[t.id()]}, checking that every input is given,
     * nothing else is, and each has the graph's shape.
     *
     * @throws IllegalArgumentException naming the tensor otherwise
     */
    public static void bindInputs(Graph graph, Map<String, FloatTensor> inputs, FloatTensor[] values) {
        for (String name : inputs.keySet()) {
            Tensor t = graph.tensor(name).orElse(null);
            if (t == null || !graph.inputs().contains(t)) {
                throw new IllegalArgumentException("'" + name + "' is not an input of " + graph.name());
            }
        }
        for (Tensor t : graph.inputs()) {
            FloatTensor v = inputs.get(t.name());
            if (v == null) {
                throw new IllegalArgumentException("input '" + t.name() + "' " + t.shape() + " of " + graph.name()
                        + " has no value");
            }
            if (!v.shape().equals(t.shape())) {
                throw new IllegalArgumentException("input '" + t.name() + "' has shape " + v.shape() + " but " + graph.name()
                        + " needs " + t.shape());
            }
            // A private copy: a caller who reuses the array cannot change a kept result.
            values[t.id()] = new FloatTensor(t.shape(), v.data().clone());
        }
    }

    /** For each tensor, the index of the last node that reads it (-1 if none). */
    private int[] lastUses() {
        int[] last = new int[graph.tensors().size()];
        java.util.Arrays.fill(last, -1);
        for (Node n : graph.topologicalOrder()) {
            for (int id : n.inputs()) {
                last[id] = n.index();
            }
        }
        return last;
    }

    /** One exhaustive switch over the op records: a new op does not compile until it is evaluated here. */
    private static List<FloatTensor> evaluate(Op op, List<FloatTensor> in, List<TensorShape> out, GemmThreads threads) {
        return switch (op) {
            case Conv2d c -> List.of(Convolution.conv2d(c, in.get(0), in.get(1), c.bias() ? in.get(2) : null, out.get(0),
                    threads));
            case Linear l -> List.of(MatrixOps.linear(in.get(0), in.get(1), l.bias() ? in.get(2) : null, out.get(0),
                    threads));
            case MatMul m -> List.of(MatrixOps.matMul(m, in.get(0), in.get(1), out.get(0), threads));
            case BatchNorm b -> List.of(Normalization.batchNorm(b.eps(), in.get(0), in.get(1), in.get(2), in.get(3),
                    in.get(4)));
            case LayerNorm l -> List.of(Normalization.layerNorm(l.eps(), in.get(0), in.get(1), in.get(2)));
            case Relu r -> List.of(Elementwise.relu(in.get(0)));
            case Gelu g -> List.of(Elementwise.gelu(g, in.get(0)));
            case Tanh t -> List.of(Elementwise.tanh(in.get(0)));
            case Sigmoid s -> List.of(Elementwise.sigmoid(in.get(0)));
            case Add a -> List.of(Elementwise.add(in.get(0), in.get(1), out.get(0)));
            case Mul m -> List.of(Elementwise.mul(in.get(0), in.get(1), out.get(0)));
            case Scale s -> List.of(Elementwise.scale(s.factor(), in.get(0)));
            case MaxPool p -> List.of(Pooling.maxPool(p, in.get(0), out.get(0)));
            case AvgPool p -> List.of(Pooling.avgPool(p, in.get(0), out.get(0)));
            case GlobalAvgPool g -> List.of(Pooling.globalAvgPool(in.get(0), out.get(0)));
            case Softmax s -> List.of(Normalization.softmax(s.axis(), in.get(0)));
            case Embedding e -> List.of(Sequence.embedding(in.get(0), in.get(1), out.get(0)));
            case PositionalEncoding p -> List.of(Sequence.positionalEncoding(in.get(0)));
            case LstmCell l -> Recurrent.lstmCell(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), in.get(5));
            case CausalMask m -> List.of(Sequence.causalMask(in.get(0)));
            case Concat c -> List.of(Layout.concat(c, in, out.get(0)));
            case Reshape r -> List.of(Layout.reshape(in.get(0), out.get(0)));
            case Transpose t -> List.of(Layout.transpose(t, in.get(0), out.get(0)));
            case Slice s -> List.of(Layout.slice(s, in.get(0), out.get(0)));
            case Fill f -> List.of(Elementwise.fill(f));
            case CrossEntropy c -> List.of(Normalization.crossEntropy(c, in.get(0), in.get(1)));
        };
    }
}
