package io.github.fp8sim.workloads.autodiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * The gradient of a graph's loss with respect to its parameters (and, on request, its activations) in FP32: the
 * reference for the FP8 training engine's backward pass.
 *
 * <p>A run evaluates the graph forward in training semantics, batch normalisation with batch statistics
 * ({@link BatchNormTraining}) and every other op as {@link ReferenceExecutor}, keeping every tensor; then walks the
 * nodes in reverse topological order, seeding the gradient of the graph's one {@link TensorClass#LOSS} output with
 * the loss scale and applying {@link Backward} to each node that any gradient reaches. A tensor read by several
 * nodes (or twice by one) gets the sum of their gradients, taken in node order and then input position, in double,
 * rounded once; one contribution is kept as it is. Index tensors take no gradient. Deterministic: the same inputs
 * give the same bits on every run and machine. Single-threaded by default; with {@link Fp32Numerics} the GEMM ops'
 * rows are shared by host threads and the bits stay the same.
 *
 * <pre>{@code
 * Graph g = ResNet.build(ResNet.resnet8(2).withInputSize(8));
 * GraphGradients grads = GraphGradients.of(g, Weights.seeded(g, 42));
 * GradientResult r = grads.run(Map.of("image", image, "labels", labels), 1024, false);
 * FloatTensor dW = r.parameterGradient("conv1.weight");   // d(1024 loss)/dW
 * }</pre>
 */
public final class GraphGradients {

    private final Graph graph;
    private final Tensor loss;
    private final FloatTensor[] parameters;
    private OpNumerics numerics = OpNumerics.FP32;

    /**
     * Gradients of {@code graph} with these parameter values.
     *
     * @param parameters a value for every one of {@link Graph#parameters()} (trainable or not), by name, with the
     *                   graph's shape; copied, so later changes by the caller do not affect runs
     * @throws IllegalArgumentException if the graph has no loss output or more than one, or a parameter is
     *                                  missing, unknown or of the wrong shape
     */
    public GraphGradients(Graph graph, Map<String, FloatTensor> parameters) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.loss = lossOutput(graph);
        this.parameters = new FloatTensor[graph.tensors().size()];
        for (String name : parameters.keySet()) {
            Tensor t = graph.tensor(name).orElse(null);
            if (t == null || !graph.parameters().contains(t)) {
                throw new IllegalArgumentException("'" + name + "' is not a parameter of " + graph.name());
            }
        }
        for (Tensor t : graph.parameters()) {
            FloatTensor v = parameters.get(t.name());
            if (v == null) {
                throw new IllegalArgumentException("parameter '" + t.name() + "' " + t.shape() + " of " + graph.name()
                        + " has no value");
            }
            if (!v.shape().equals(t.shape())) {
                throw new IllegalArgumentException("parameter '" + t.name() + "' has shape " + v.shape() + " but "
                        + graph.name() + " needs " + t.shape());
            }
            this.parameters[t.id()] = new FloatTensor(t.shape(), v.data().clone());
        }
    }

    /**
     * Gradients of {@code graph} with every parameter read from {@code weights} once.
     *
     * @throws IllegalArgumentException if the weights belong to another graph, or the graph has no single loss output
     */
    public static GraphGradients of(Graph graph, Weights weights) {
        if (weights.graph() != graph) {
            throw new IllegalArgumentException("the weights belong to graph " + weights.graph().name() + ", not to "
                    + graph.name());
        }
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        for (Tensor t : graph.parameters()) {
            values.put(t.name(), new FloatTensor(t.shape(), weights.get(t)));
        }
        return new GraphGradients(graph, values);
    }

    /**
     * Computes the ops {@code n} takes (the FP8 engine's GEMMs) its way; the default is {@link OpNumerics#FP32}.
     *
     * @return this
     */
    public GraphGradients numerics(OpNumerics n) {
        this.numerics = Objects.requireNonNull(n, "numerics");
        return this;
    }

    /**
     * The graph's non-loss outputs by an inference-mode forward (BatchNorm with running statistics), with
     * this object's numerics: how a trained model is evaluated.
     *
     * @param inputs a value for each graph input the outputs need (labels may be left out)
     */
    public Map<String, FloatTensor> infer(Map<String, FloatTensor> inputs) {
        FloatTensor[] values = parameters.clone();
        for (Map.Entry<String, FloatTensor> e : inputs.entrySet()) {
            Tensor t = graph.tensor(e.getKey()).filter(graph.inputs()::contains).orElseThrow(
                    () -> new IllegalArgumentException("'" + e.getKey() + "' is not an input of " + graph.name()));
            values[t.id()] = e.getValue();
        }
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (Node n : graph.topologicalOrder()) {
            if (n.op() instanceof io.github.fp8sim.workloads.graph.CrossEntropy) {
                continue;
            }
            List<FloatTensor> in = new ArrayList<>();
            for (int id : n.inputs()) {
                in.add(values[id]);
            }
            List<FloatTensor> r = numerics.forward(n, in, isOutput(n));
            if (r == null) {
                r = Forward.apply(n.op(), in, Phase.INFERENCE);
            }
            for (int i = 0; i < r.size(); i++) {
                values[n.outputs().get(i)] = r.get(i);
            }
        }
        for (Tensor t : graph.outputs()) {
            if (t.tensorClass() != TensorClass.LOSS) {
                out.put(t.name(), values[t.id()]);
            }
        }
        return out;
    }

    private boolean isOutput(Node n) {
        return graph.outputs().contains(graph.tensor(n.outputs().get(0)));
    }

    /** The graph whose gradients this computes. */
    public Graph graph() {
        return graph;
    }

    /** The parameter values this uses, by name, in the graph's order (copies). */
    public Map<String, FloatTensor> parameters() {
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        for (Tensor t : graph.parameters()) {
            m.put(t.name(), new FloatTensor(t.shape(), parameters[t.id()].data().clone()));
        }
        return m;
    }

    /** {@link #run(Map, double, boolean)} with loss scale 1 and no activation gradients. */
    public GradientResult run(Map<String, FloatTensor> inputs) {
        return run(inputs, 1.0, false);
    }

    /**
     * One training-mode forward and backward pass.
     *
     * @param inputs                  a value for each of {@link Graph#inputs()}, by name, with the graph's shape
     * @param lossScale               the seed gradient of the loss; every gradient is that of {@code lossScale * loss}.
     *                                Must be finite, positive and exact in float (the seed is an FP32 value), as every
     *                                power of two in range is
     * @param keepActivationGradients also return the gradient of every graph input and node output
     * @throws IllegalArgumentException naming the tensor or node if an input is missing, unknown or of the wrong
     *                                  shape, an index is out of range, or the loss scale is not allowed
     */
    public GradientResult run(Map<String, FloatTensor> inputs, double lossScale, boolean keepActivationGradients) {
        if (!(lossScale > 0) || Double.isInfinite(lossScale) || (double) (float) lossScale != lossScale) {
            throw new IllegalArgumentException("loss scale must be finite, > 0 and exact in float, got " + lossScale);
        }
        FloatTensor[] values = parameters.clone();
        ReferenceExecutor.bindInputs(graph, inputs, values);
        Map<String, FloatTensor> running = forward(values);
        List<List<Contribution>> pending = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            pending.add(new ArrayList<>());
        }
        int seedOrder = graph.nodes().size();
        pending.get(loss.id()).add(new Contribution(seedOrder, 0,
                FloatTensor.of(loss.shape(), (float) lossScale)));
        FloatTensor[] grads = new FloatTensor[values.length];
        List<Node> nodes = graph.topologicalOrder();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            backward(nodes.get(k), values, pending, grads);
        }
        for (Tensor t : graph.tensors()) {
            if (grads[t.id()] == null) {
                grads[t.id()] = total(pending.get(t.id()));
            }
        }
        return result(values[loss.id()].data()[0], lossScale, grads, keepActivationGradients, running);
    }

    /** Evaluates every node in training semantics into {@code values}; returns the updated running statistics. */
    private Map<String, FloatTensor> forward(FloatTensor[] values) {
        Map<String, FloatTensor> running = new LinkedHashMap<>();
        for (Node n : graph.topologicalOrder()) {
            List<FloatTensor> in = new ArrayList<>();
            for (int id : n.inputs()) {
                in.add(values[id]);
            }
            try {
                if (n.op() instanceof BatchNorm b) {
                    BatchNormTraining.Result r = BatchNormTraining.forward(in.get(0), in.get(1), in.get(2), b.eps());
                    values[n.outputs().get(0)] = r.output();
                    // A statistic shared by two batch norms moves twice, in node order, as PyTorch would move it.
                    update(running, graph.tensor(n.inputs().get(3)), in.get(3), r.mean());
                    update(running, graph.tensor(n.inputs().get(4)), in.get(4), r.unbiasedVar());
                } else {
                    List<FloatTensor> out = numerics.forward(n, in, isOutput(n));
                    if (out == null) {
                        out = ReferenceExecutor.apply(n.op(), in);
                    }
                    for (int i = 0; i < out.size(); i++) {
                        values[n.outputs().get(i)] = out.get(i);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node '" + n.name() + "' (" + n.op().kind() + "): " + e.getMessage(), e);
            }
        }
        return running;
    }

    private static void update(Map<String, FloatTensor> running, Tensor stat, FloatTensor current, FloatTensor batch) {
        FloatTensor from = running.getOrDefault(stat.name(), current);
        running.put(stat.name(), BatchNormTraining.updateRunning(from, batch));
    }

    /** One node's backward: its outputs' gradients become contributions to its inputs'. */
    private void backward(Node n, FloatTensor[] values, List<List<Contribution>> pending, FloatTensor[] grads) {
        List<FloatTensor> outGrads = new ArrayList<>();
        List<FloatTensor> outValues = new ArrayList<>();
        boolean any = false;
        for (int id : n.outputs()) {
            grads[id] = total(pending.get(id));
            pending.get(id).clear();
            outGrads.add(grads[id]);
            outValues.add(values[id]);
            any |= grads[id] != null;
        }
        if (!any) {
            return;
        }
        List<FloatTensor> in = new ArrayList<>();
        for (int id : n.inputs()) {
            in.add(values[id]);
        }
        List<FloatTensor> inGrads;
        try {
            inGrads = numerics.backward(n, in, outValues, outGrads);
            if (inGrads == null) {
                inGrads = Backward.apply(n.op(), in, outValues, outGrads, Phase.TRAINING);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node '" + n.name() + "' (" + n.op().kind() + "): " + e.getMessage(), e);
        }
        for (int p = 0; p < inGrads.size(); p++) {
            int id = n.inputs().get(p);
            if (inGrads.get(p) != null && graph.tensor(id).tensorClass() != TensorClass.INDEX) {
                pending.get(id).add(new Contribution(n.index(), p, inGrads.get(p)));
            }
        }
    }

    /** The sum of a tensor's contributions in node order, then input position; null when there are none. */
    private static FloatTensor total(List<Contribution> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0).gradient();
        }
        List<Contribution> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparingInt(Contribution::node).thenComparingInt(Contribution::position));
        TensorShape shape = ordered.get(0).gradient().shape();
        Sums sum = new Sums(shape);
        for (Contribution c : ordered) {
            float[] g = c.gradient().data();
            for (int i = 0; i < g.length; i++) {
                sum.add(i, g[i]);
            }
        }
        return sum.rounded();
    }

    private GradientResult result(float lossValue, double lossScale, FloatTensor[] grads, boolean keepActivations,
            Map<String, FloatTensor> running) {
        Map<String, FloatTensor> params = new LinkedHashMap<>();
        Set<Integer> parameterIds = new HashSet<>();
        for (Tensor t : graph.parameters()) {
            parameterIds.add(t.id());
            if (t.tensorClass().trainable()) {
                FloatTensor g = grads[t.id()];
                params.put(t.name(), g != null ? g : FloatTensor.zeros(t.shape()));
            }
        }
        Map<String, FloatTensor> activations = new LinkedHashMap<>();
        if (keepActivations) {
            for (Tensor t : graph.tensors()) {
                if (!parameterIds.contains(t.id()) && grads[t.id()] != null) {
                    activations.put(t.name(), grads[t.id()]);
                }
            }
        }
        return new GradientResult(lossValue, lossScale, params, activations, running);
    }

    private static Tensor lossOutput(Graph graph) {
        List<Tensor> losses = graph.outputs().stream().filter(t -> t.tensorClass() == TensorClass.LOSS).toList();
        if (losses.size() != 1) {
            throw new IllegalArgumentException("graph " + graph.name() + " needs exactly one loss output (a "
                    + TensorClass.LOSS + " tensor such as a cross-entropy among its outputs), it has " + losses.size()
                    + (losses.isEmpty() ? "" : ": " + losses.stream().map(Tensor::name).toList()));
        }
        return losses.get(0);
    }

    /** A gradient that node {@code node} sends to its input at {@code position}. */
    private record Contribution(int node, int position, FloatTensor gradient) {}
}
