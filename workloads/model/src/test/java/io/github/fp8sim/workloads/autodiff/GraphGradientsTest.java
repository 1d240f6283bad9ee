package io.github.fp8sim.workloads.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.weights.Weights;

/** Whole-graph gradients: against finite differences of the loss, under loss scaling, and run to run. */
class GraphGradientsTest {

    private static final int ROWS = 6;

    /**
     * A smooth MLP that exercises what graphs add to single ops: batch norm in training mode over [N, C], a tensor
     * {@code act} read by three nodes (sigmoid, mul, the residual add), a broadcast bias parameter, layer norm.
     */
    private static Graph mlp() {
        GraphBuilder b = new GraphBuilder("mlp");
        Tensor x = b.input("x", TensorShape.of(ROWS, 5), TensorClass.ACTIVATION);
        Tensor labels = b.input("labels", TensorShape.of(ROWS), TensorClass.INDEX);
        Tensor h = b.node("fc1", new Linear(true), x, weight(b, "fc1.weight", 8, 5), bias(b, "fc1.bias", 8));
        TensorShape c = TensorShape.of(8);
        h = b.node("bn", new BatchNorm(1e-5), h, b.parameter("bn.weight", c, TensorClass.NORM_PARAM, new Init.Uniform(1)),
                b.parameter("bn.bias", c, TensorClass.NORM_PARAM, new Init.Uniform(0.5)),
                b.parameter("bn.running_mean", c, TensorClass.NORM_STAT, new Init.Uniform(0.5)),
                b.parameter("bn.running_var", c, TensorClass.NORM_STAT, Init.ones()));
        Tensor act = b.node("act", new Gelu(false), h);
        Tensor swish = b.node("swish", new Mul(), act, b.node("gate", new Sigmoid(), act));
        Tensor y = b.node("fc2", new Linear(false), swish, weight(b, "fc2.weight", 8, 8));
        y = b.node("residual", new Add(), y, act);
        y = b.node("ln", new LayerNorm(1e-5), y, b.parameter("ln.weight", c, TensorClass.NORM_PARAM, new Init.Uniform(1)),
                b.parameter("ln.bias", c, TensorClass.NORM_PARAM, new Init.Uniform(0.5)));
        y = b.node("shift", new Add(), y, bias(b, "shift.bias", 8));
        y = b.node("tanh", new Tanh(), y);
        Tensor logits = b.node("fc3", new Linear(true), y, weight(b, "fc3.weight", 4, 8), bias(b, "fc3.bias", 4));
        b.output(logits);
        b.output(b.node("loss", new CrossEntropy(), logits, labels));
        return b.build();
    }

    private static Tensor weight(GraphBuilder b, String name, int out, int in) {
        return b.parameter(name, TensorShape.of(out, in), TensorClass.WEIGHT, new Init.XavierUniform(in, out));
    }

    private static Tensor bias(GraphBuilder b, String name, int n) {
        return b.parameter(name, TensorShape.of(n), TensorClass.BIAS, new Init.Uniform(0.5));
    }

    /** Seeded parameters on the 2^-18 grid, so every finite-difference step below is exact. */
    private static Map<String, FloatTensor> parameters(Graph g, long seed) {
        Weights w = Weights.seeded(g, seed);
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        for (Tensor t : g.parameters()) {
            float[] v = w.get(t);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (Math.rint(v[i] * 0x1p18) * 0x1p-18);
            }
            m.put(t.name(), new FloatTensor(t.shape(), v));
        }
        return m;
    }

    private static Map<String, FloatTensor> mlpInputs() {
        return Map.of("x", TestValues.uniform(1, 2, ROWS, 5), "labels", TestValues.indices(2, 4, ROWS));
    }

    private static Graph resnet() {
        return ResNet.build(ResNet.resnet8(2).withInputSize(8));
    }

    private static Map<String, FloatTensor> resnetInputs() {
        return Map.of("image", TestValues.uniform(3, 1, 2, 3, 8, 8), "labels", TestValues.indices(4, 10, 2));
    }

    /**
     * Asserts that the derivative of the loss along a random direction through parameter {@code name} agrees with
     * the gradient: fourth-order central differences with step {@code h} against {@code sum g_i d_i}, within
     * {@code tolerance} of {@code sum |g_i d_i|} plus what the float rounding of the loss can do to the stencil
     * (half an ulp in each of four losses weighted 8, 8, 1, 1 over 12h).
     */
    private static void assertDirectionalDerivative(Graph g, Map<String, FloatTensor> params, Map<String, FloatTensor> inputs,
            String name, double h, double tolerance) {
        FloatTensor grad = new GraphGradients(g, params).run(inputs).parameterGradient(name);
        FloatTensor p = params.get(name);
        Random random = new Random(name.hashCode());
        float[] d = new float[p.size()];
        double predicted = 0;
        double mass = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = (random.nextInt(17) - 8) / 8f;
            predicted += (double) grad.data()[i] * d[i];
            mass += Math.abs((double) grad.data()[i] * d[i]);
        }
        double[] loss = new double[5];
        for (int k = -2; k <= 2; k++) {
            if (k == 0) {
                continue;
            }
            float[] v = p.data().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] + k * h * d[i]);
            }
            Map<String, FloatTensor> moved = new HashMap<>(params);
            moved.put(name, new FloatTensor(p.shape(), v));
            loss[k + 2] = new GraphGradients(g, moved).run(inputs).loss();
        }
        double fd = (8 * (loss[3] - loss[1]) - (loss[4] - loss[0])) / (12 * h);
        double allowed = tolerance * mass + 0.75 * Math.ulp((float) loss[3]) / h;
        if (!(Math.abs(fd - predicted) <= allowed)) {
            fail(name + ": directional derivative " + predicted + ", finite differences " + fd + " (allowed " + allowed
                    + ")");
        }
    }

    @Test
    void mlpGradientsMatchFiniteDifferencesOfTheLoss() {
        Graph g = mlp();
        Map<String, FloatTensor> params = parameters(g, 7);
        for (Tensor t : g.parameters()) {
            if (t.tensorClass().trainable()) {
                assertDirectionalDerivative(g, params, mlpInputs(), t.name(), 0x1p-6, 1e-3);
            }
        }
    }

    @Test
    void aBiasBeforeATrainingBatchNormHasNoGradient() {
        // The batch mean absorbs any per-channel shift, so fc1.bias cannot change the loss: its gradient is
        // rounding noise, some nine orders below the others'.
        Graph g = mlp();
        GradientResult r = new GraphGradients(g, parameters(g, 7)).run(mlpInputs());
        for (float v : r.parameterGradient("fc1.bias").data()) {
            assertEquals(0, v, 1e-7);
        }
        assertTrue(Math.abs(r.parameterGradient("fc1.weight").data()[0]) > 1e-3);
    }

    @Test
    void resnetGradientsMatchFiniteDifferencesOfTheLoss() {
        // ReLU kinks (and batch statistics over as few as 8 values) bend the loss within a step: a small step,
        // where the loss's own rounding weighs more, and a 2% tolerance. The error shrinks with the step.
        Graph g = resnet();
        Map<String, FloatTensor> params = parameters(g, 11);
        for (String name : List.of("conv1.weight", "bn1.weight", "layer1.0.conv2.weight", "layer2.0.downsample.0.weight",
                "layer3.0.bn2.bias", "fc.weight", "fc.bias")) {
            assertDirectionalDerivative(g, params, resnetInputs(), name, 0x1p-12, 2e-2);
        }
    }

    @Test
    void lossScaleMultipliesEveryGradientExactly() {
        assertScalesExactly(mlp(), parameters(mlp(), 7), mlpInputs());
        assertScalesExactly(resnet(), parameters(resnet(), 11), resnetInputs());
    }

    private static void assertScalesExactly(Graph g, Map<String, FloatTensor> params, Map<String, FloatTensor> inputs) {
        GraphGradients grads = new GraphGradients(g, params);
        GradientResult one = grads.run(inputs, 1, true);
        for (double scale : new double[] {1024, 0x1p16}) {
            GradientResult scaled = grads.run(inputs, scale, true);
            assertEquals(one.loss(), scaled.loss(), "the loss itself is not scaled");
            assertScaled(one.parameterGradients(), scaled.parameterGradients(), (float) scale);
            assertScaled(one.activationGradients(), scaled.activationGradients(), (float) scale);
        }
    }

    private static void assertScaled(Map<String, FloatTensor> one, Map<String, FloatTensor> scaled, float scale) {
        assertEquals(one.keySet(), scaled.keySet());
        for (String name : one.keySet()) {
            float[] a = one.get(name).data();
            float[] b = scaled.get(name).data();
            boolean nonZero = false;
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i] * scale) != Float.floatToRawIntBits(b[i])) {
                    fail(name + "[" + i + "]: " + b[i] + " at scale " + scale + " is not exactly " + scale + " x " + a[i]);
                }
                nonZero |= a[i] != 0;
            }
            assertTrue(nonZero, name + " has a gradient");
        }
    }

    @Test
    void twoRunsGiveTheSameBitsOnAnyThread() throws Exception {
        Graph g = resnet();
        GraphGradients grads = new GraphGradients(g, parameters(g, 11));
        GradientResult first = grads.run(resnetInputs(), 1024, true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<GradientResult>> runs = pool.invokeAll(List.of(() -> grads.run(resnetInputs(), 1024, true),
                    () -> grads.run(resnetInputs(), 1024, true)));
            for (Future<GradientResult> r : runs) {
                // GradientResult's maps hold FloatTensors, whose equality is bit equality.
                assertEquals(first, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void runningStatisticsMoveTowardTheBatchAndNothingPassedInChanges() {
        Graph g = mlp();
        Map<String, FloatTensor> params = parameters(g, 7);
        Map<String, FloatTensor> inputs = mlpInputs();
        Map<String, float[]> before = new HashMap<>();
        params.forEach((k, v) -> before.put(k, v.data().clone()));
        inputs.forEach((k, v) -> before.put(k, v.data().clone()));

        GradientResult r = new GraphGradients(g, params).run(inputs);

        // The batch norm's input is fc1's output, which training and inference compute alike.
        FloatTensor h = ReferenceExecutor.apply(new Linear(true), inputs.get("x"), params.get("fc1.weight"),
                params.get("fc1.bias"));
        float[] mean = new float[8];
        float[] var = new float[8];
        for (int c = 0; c < 8; c++) {
            double sum = 0;
            for (int n = 0; n < ROWS; n++) {
                sum += h.data()[n * 8 + c];
            }
            double m = sum / ROWS;
            double sq = 0;
            for (int n = 0; n < ROWS; n++) {
                sq += (h.data()[n * 8 + c] - m) * (h.data()[n * 8 + c] - m);
            }
            mean[c] = (float) (0.9 * params.get("bn.running_mean").data()[c] + 0.1 * m);
            var[c] = (float) (0.9 * params.get("bn.running_var").data()[c] + 0.1 * sq / (ROWS - 1));
        }
        assertEquals(List.of("bn.running_mean", "bn.running_var"), List.copyOf(r.runningStatistics().keySet()));
        assertArrayEquals(mean, r.runningStatistics().get("bn.running_mean").data(), 1e-6f);
        assertArrayEquals(var, r.runningStatistics().get("bn.running_var").data(), 1e-6f);
        params.forEach((k, v) -> assertArrayEquals(before.get(k), v.data(), k));
        inputs.forEach((k, v) -> assertArrayEquals(before.get(k), v.data(), k));
    }

    @Test
    void aTensorReadTwiceByOneNodeGetsBothGradients() {
        GraphBuilder b = new GraphBuilder("square");
        Tensor x = b.input("x", TensorShape.of(2, 3), TensorClass.ACTIVATION);
        Tensor labels = b.input("labels", TensorShape.of(2), TensorClass.INDEX);
        Tensor bias = b.parameter("bias", TensorShape.of(3), TensorClass.BIAS, new Init.Uniform(1));
        Tensor sq = b.node("sq", new Mul(), x, x);
        b.output(b.node("loss", new CrossEntropy(), b.node("logits", new Add(), sq, bias), labels));
        Graph g = b.build();
        FloatTensor xv = TestValues.uniform(5, 1, 2, 3);
        GradientResult r = GraphGradients.of(g, Weights.seeded(g, 1)).run(Map.of("x", xv, "labels",
                TestValues.of(new int[] {2}, 2, 0)), 1, true);
        float[] dsq = r.activationGradient("sq").data();
        float[] dx = r.activationGradient("x").data();
        for (int i = 0; i < dx.length; i++) {
            // d(x x)/dx: two equal contributions dsq x, each rounded to float, added.
            assertEquals(2 * (float) ((double) dsq[i] * xv.data()[i]), dx[i], "x[" + i + "]");
        }
        assertArrayEquals(new float[] {1}, r.activationGradient("loss").data());
        assertFalse(r.activationGradients().containsKey("labels"), "index tensors take no gradient");
    }

    @Test
    void aParameterTheLossDoesNotReadHasAZeroGradient() {
        GraphBuilder b = new GraphBuilder("side");
        Tensor x = b.input("x", TensorShape.of(2, 3), TensorClass.ACTIVATION);
        Tensor labels = b.input("labels", TensorShape.of(2), TensorClass.INDEX);
        b.output(b.node("side", new Linear(false), x, weight(b, "side.weight", 4, 3)));
        Tensor logits = b.node("fc", new Linear(false), x, weight(b, "fc.weight", 3, 3));
        b.output(b.node("loss", new CrossEntropy(), logits, labels));
        Graph g = b.build();
        GradientResult r = GraphGradients.of(g, Weights.seeded(g, 1)).run(Map.of("x", TestValues.uniform(6, 1, 2, 3),
                "labels", TestValues.of(new int[] {2}, 1, 2)), 1, true);
        assertEquals(FloatTensor.zeros(TensorShape.of(4, 3)), r.parameterGradient("side.weight"));
        assertFalse(r.activationGradients().containsKey("side"));
        assertTrue(r.activationGradients().containsKey("fc"));
    }

    @Test
    void aGraphWithoutALossIsRejected() {
        Graph g = ResNet.build(ResNet.resnet8(1).withInputSize(8).withLoss(false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphGradients.of(g, Weights.seeded(g, 1)));
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void aLossScaleThatIsNotAPositiveFloatIsRejected() {
        Graph g = mlp();
        GraphGradients grads = new GraphGradients(g, parameters(g, 7));
        for (double bad : new double[] {0, -2, Double.POSITIVE_INFINITY, Double.NaN, 0.1}) {
            assertThrows(IllegalArgumentException.class, () -> grads.run(mlpInputs(), bad, false), "scale " + bad);
        }
    }

    @Test
    void aMissingParameterIsNamed() {
        Graph g = mlp();
        Map<String, FloatTensor> params = new HashMap<>(parameters(g, 7));
        params.remove("bn.running_var");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphGradients(g, params));
        assertTrue(e.getMessage().contains("bn.running_var"), e.getMessage());
    }
}
