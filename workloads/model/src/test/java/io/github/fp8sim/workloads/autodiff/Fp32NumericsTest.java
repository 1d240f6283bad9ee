package io.github.fp8sim.workloads.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * {@link Fp32Numerics} is the FP32 reference computed sooner: for conv2d, linear and matmul, its forward outputs
 * are {@link ReferenceExecutor#apply}'s and its gradients {@link Backward#apply}'s, raw bit for raw bit, with one,
 * two or three host threads; and a whole training step or inference pass with it is {@link GraphGradients}' own.
 *
 * <p>The op cases but the depthwise one run GEMMs of 2^20 multiply-adds or more, which {@link GemmThreads} shares
 * out among the threads. Values have random significands and magnitudes spread over 2^-8..2^8, so nearly every sum
 * rounds, and summing in any other order, or a product left out or added, would change some bits.
 */
class Fp32NumericsTest {

    /** One op on inputs. */
    record Case(String name, Op op, List<FloatTensor> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> convolutions() {
        return Stream.of(
                conv("3x3, stride 1, padding 1, bias", new Conv2d(1, 1, 1, 1, 1, 1, 1, true),
                        TensorShape.of(4, 8, 16, 16), TensorShape.of(16, 8, 3, 3)),
                conv("3x3, stride 2, padding 1, no bias", new Conv2d(2, 2, 1, 1, 1, 1, 1, false),
                        TensorShape.of(4, 16, 16, 16), TensorShape.of(32, 16, 3, 3)),
                conv("1x1, stride 2 (a shortcut)", new Conv2d(2, 2, 0, 0, 1, 1, 1, false),
                        TensorShape.of(8, 32, 16, 16), TensorShape.of(64, 32, 1, 1)),
                conv("2 groups, 3x2 kernel, stride (2,1), padding (1,0), dilation (1,2), bias",
                        new Conv2d(2, 1, 1, 0, 1, 2, 2, true), TensorShape.of(16, 16, 20, 20), TensorShape.of(32, 8, 3, 2)),
                conv("depthwise: 32 groups of one channel, bias", new Conv2d(1, 1, 1, 1, 1, 1, 32, true),
                        TensorShape.of(8, 32, 16, 16), TensorShape.of(32, 1, 3, 3)),
                // 64x64 images: every pass takes them in two runs (dX's first run ends inside the second image),
                // and dW goes on summing from one run to the next.
                conv("64x64 images, in runs", new Conv2d(1, 1, 1, 1, 1, 1, 1, false),
                        TensorShape.of(2, 16, 64, 64), TensorShape.of(16, 16, 3, 3)));
    }

    static Stream<Case> matrices() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("linear, bias, rank-3 input, more rows than features", new Linear(true),
                List.of(values(1, 4, 64, 96), values(2, 128, 96), values(3, 128))));
        cases.add(new Case("linear, no bias, fewer rows than features", new Linear(false),
                List.of(values(4, 64, 48), values(5, 512, 48))));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                // Batched: [2, 4] x (48 x 64) (64 x 56); one matrix: (160 x 96) (96 x 128), more rows than columns.
                cases.add(matMul(ta, tb, new int[] {2, 4}, 48, 64, 56));
                cases.add(matMul(ta, tb, new int[0], 160, 96, 128));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"convolutions", "matrices"})
    void forwardAndGradientsAreTheReferenceBitsWithOneTwoAndThreeThreads(Case c) {
        assertSameBitsAsTheReference(c, 11, Float::floatToRawIntBits);
    }

    @Test
    void infinitiesAndNaNsInTheInputAndSignedZerosEverywhereGiveTheReferenceBits() {
        // Where the reference skips a tap the GEMMs add a product with +0.0: with finite weights and output
        // gradients that is a signed zero, and a sum from +0.0 is never -0.0, so nothing changes.
        Case c = strided();
        FloatTensor x = c.inputs().get(0);
        FloatTensor w = c.inputs().get(1);
        FloatTensor b = c.inputs().get(2);
        // Which NaN a sum that meets two NaNs keeps is the JIT's choice: the reference itself gives other NaN bits
        // once its loops are compiled. Here NaNs compare as one value; every other value by its raw bits.
        assertSameBitsAsTheReference(new Case("Inf and NaN in the input", c.op(),
                List.of(special(x, Float.POSITIVE_INFINITY, Float.NaN), w, b)), 12, Float::floatToIntBits);
        assertSameBitsAsTheReference(new Case("-0.0 and +0.0 in input, weights and bias", c.op(),
                List.of(special(x, -0f, 0f), special(w, -0f, 0f), special(b, -0f, -0f))), 13, Float::floatToRawIntBits);
        List<FloatTensor> y = ReferenceExecutor.apply(c.op(), c.inputs());
        List<FloatTensor> dy = List.of(special(values(14, y.get(0).shape().dims()), -0f, 0f));
        try (GemmThreads threads = GemmThreads.of(2)) {
            assertBits(Backward.apply(c.op(), c.inputs(), y, dy),
                    new Fp32Numerics(threads).backward(node(c), c.inputs(), y, dy), "-0.0 and +0.0 in the output gradient");
        }
    }

    @Test
    void aConvolutionWithANonFiniteWeightOrOutputGradientIsLeftToTheReference() {
        // There a product with the +0.0 of a skipped tap would be NaN.
        Case c = strided();
        FloatTensor x = c.inputs().get(0);
        List<FloatTensor> y = ReferenceExecutor.apply(c.op(), c.inputs());
        FloatTensor dy = values(15, y.get(0).shape().dims());
        Fp32Numerics f = new Fp32Numerics(GemmThreads.SERIAL);
        for (float v : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
            List<FloatTensor> inWeights = List.of(x, special(c.inputs().get(1), v, 1f), c.inputs().get(2));
            assertNull(f.backward(node(c), inWeights, y, List.of(dy)), "weights holding " + v);
            assertNull(f.backward(node(c), c.inputs(), y, List.of(special(dy, v, 1f))), "output gradient holding " + v);
        }
        assertEquals(3, f.backward(node(c), c.inputs(), y, List.of(dy)).size(), "finite: dX, dW and db");
    }

    @Test
    void otherOpsAndNodesNoGradientReachesAreLeftToTheReference() {
        Fp32Numerics f = new Fp32Numerics(GemmThreads.SERIAL);
        FloatTensor x = values(21, 2, 3);
        Node relu = new Node(0, "relu", new Relu(), List.of(0), List.of(1));
        assertNull(f.forward(relu, List.of(x), false));
        assertNull(f.backward(relu, List.of(x), List.of(x), List.of(x)));
        Case fc = new Case("fc", new Linear(false), List.of(x, values(22, 4, 3)));
        List<FloatTensor> y = ReferenceExecutor.apply(fc.op(), fc.inputs());
        assertNull(f.backward(node(fc), fc.inputs(), y, Arrays.asList((FloatTensor) null)));
    }

    @Test
    void gradientsOfTheWrongShapeAreRejectedAsByTheReference() {
        Case fc = new Case("fc", new Linear(false), List.of(values(23, 2, 3), values(24, 4, 3)));
        List<FloatTensor> y = ReferenceExecutor.apply(fc.op(), fc.inputs());
        List<FloatTensor> wrong = List.of(values(25, 4, 2));
        String expected = assertThrows(IllegalArgumentException.class,
                () -> Backward.apply(fc.op(), fc.inputs(), y, wrong)).getMessage();
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> new Fp32Numerics(GemmThreads.SERIAL).backward(node(fc), fc.inputs(), y, wrong)).getMessage());
    }

    @Test
    void resNet8StepAndInferenceAreTheReferenceBitsWithTwoThreads() {
        Graph g = ResNet.build(ResNet.resnet8(8).withInputSize(8));
        assertSameRunsAsTheReference(g, Map.of("image", values(31, 8, 3, 8, 8), "labels", indices(32, 10, 8)), "labels");
    }

    @Test
    void transformerTinyStepAndInferenceAreTheReferenceBitsWithTwoThreads() {
        Transformer.Config c = Transformer.tiny(2);
        Graph g = Transformer.build(c);
        Map<String, FloatTensor> inputs = Map.of(
                "src", indices(41, c.vocab(), 2, c.srcLen()),
                "tgt", indices(42, c.vocab(), 2, c.tgtLen()),
                "labels", indices(43, c.vocab(), 2 * c.tgtLen()));
        assertSameRunsAsTheReference(g, inputs, "labels");
    }

    /** A training step (loss, parameter and activation gradients, running statistics) and an inference pass. */
    private static void assertSameRunsAsTheReference(Graph g, Map<String, FloatTensor> inputs, String labels) {
        Map<String, FloatTensor> params = GraphGradients.of(g, Weights.seeded(g, 7)).parameters();
        GradientResult expected = new GraphGradients(g, params).run(inputs, 1024, true);
        Map<String, FloatTensor> unlabelled = new HashMap<>(inputs);
        unlabelled.remove(labels);
        Map<String, FloatTensor> expectedOutputs = new GraphGradients(g, params).infer(unlabelled);
        try (GemmThreads threads = GemmThreads.of(2)) {
            GraphGradients fast = new GraphGradients(g, params).numerics(new Fp32Numerics(threads));
            GradientResult actual = fast.run(inputs, 1024, true);
            assertEquals(Float.floatToRawIntBits(expected.loss()), Float.floatToRawIntBits(actual.loss()), "loss");
            assertBits(expected.parameterGradients(), actual.parameterGradients(), "parameter gradient");
            assertBits(expected.activationGradients(), actual.activationGradients(), "activation gradient");
            assertBits(expected.runningStatistics(), actual.runningStatistics(), "running statistic");
            assertBits(expectedOutputs, fast.infer(unlabelled), "inference output");
        }
    }

    /** The op's forward and its gradients of a random output gradient, against the reference, with 1, 2, 3 threads. */
    private static void assertSameBitsAsTheReference(Case c, long seed, Bits bits) {
        List<FloatTensor> y = ReferenceExecutor.apply(c.op(), c.inputs());
        List<FloatTensor> dy = List.of(values(seed, y.get(0).shape().dims()));
        List<FloatTensor> grads = Backward.apply(c.op(), c.inputs(), y, dy);
        for (int n = 1; n <= 3; n++) {
            try (GemmThreads threads = GemmThreads.of(n)) {
                Fp32Numerics f = new Fp32Numerics(threads);
                assertBits(y, f.forward(node(c), c.inputs(), false), c + ", forward, " + n + " thread(s)", bits);
                assertBits(grads, f.backward(node(c), c.inputs(), y, dy), c + ", backward, " + n + " thread(s)", bits);
            }
        }
    }

    /** How a float is compared: {@link Float#floatToRawIntBits}, or {@link Float#floatToIntBits} (one NaN). */
    @FunctionalInterface
    private interface Bits {
        int of(float v);
    }

    private static void assertBits(List<FloatTensor> expected, List<FloatTensor> actual, String what) {
        assertBits(expected, actual, what, Float::floatToRawIntBits);
    }

    private static void assertBits(List<FloatTensor> expected, List<FloatTensor> actual, String what, Bits bits) {
        assertEquals(expected.size(), actual.size(), what + ": tensors");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).shape(), actual.get(i).shape(), what + ", tensor " + i + ": shape");
            assertArrayEquals(bits(expected.get(i), bits), bits(actual.get(i), bits), what + ", tensor " + i + ": bits");
        }
    }

    private static void assertBits(Map<String, FloatTensor> expected, Map<String, FloatTensor> actual, String what) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + " names");
        expected.forEach((name, t) -> assertBits(t, actual.get(name), what + " '" + name + "'"));
    }

    private static void assertBits(FloatTensor expected, FloatTensor actual, String what) {
        assertBits(List.of(expected), List.of(actual), what, Float::floatToRawIntBits);
    }

    private static int[] bits(FloatTensor t, Bits bits) {
        return IntStream.range(0, t.size()).map(i -> bits.of(t.data()[i])).toArray();
    }

    private static Node node(Case c) {
        int n = c.inputs().size();
        return new Node(0, c.name(), c.op(), IntStream.range(0, n).boxed().toList(), List.of(n));
    }

    /** A strided, padded conv with a bias. */
    private static Case strided() {
        return conv("3x3, stride 2, padding 1, bias", new Conv2d(2, 2, 1, 1, 1, 1, 1, true), TensorShape.of(4, 16, 16, 16),
                TensorShape.of(32, 16, 3, 3));
    }

    private static Case conv(String name, Conv2d op, TensorShape x, TensorShape w) {
        List<FloatTensor> in = new ArrayList<>(List.of(values(1, x.dims()), values(2, w.dims())));
        if (op.bias()) {
            in.add(values(3, w.dim(0)));
        }
        return new Case("conv2d, " + name, op, in);
    }

    private static Case matMul(boolean ta, boolean tb, int[] batch, int m, int k, int n) {
        MatMul op = new MatMul(ta, tb);
        FloatTensor a = values(4, concat(batch, ta ? k : m, ta ? m : k));
        FloatTensor b = values(5, concat(batch, tb ? n : k, tb ? k : n));
        return new Case("matmul" + (ta ? " A^T" : " A") + (tb ? " B^T" : " B") + ", " + a.shape() + " x " + b.shape(),
                op, List.of(a, b));
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        return IntStream.concat(IntStream.of(batch), IntStream.of(rows, cols)).toArray();
    }

    /** Random significands and signs, magnitudes in [2^-8, 2^8). */
    private static FloatTensor values(long seed, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        TensorShape s = TensorShape.of(dims);
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextBoolean() ? 1 : -1) * (1 + r.nextDouble()) * Math.scalb(1.0, r.nextInt(-8, 8)));
        }
        return new FloatTensor(s, v);
    }

    /** Integers in [0, n) held in floats. */
    private static FloatTensor indices(long seed, int n, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        TensorShape s = TensorShape.of(dims);
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(n);
        }
        return new FloatTensor(s, v);
    }

    /** {@code t} with every 7th element {@code a} and every 11th {@code b}. */
    private static FloatTensor special(FloatTensor t, float a, float b) {
        float[] v = t.data().clone();
        for (int i = 0; i < v.length; i += 7) {
            v[i] = a;
        }
        for (int i = 3; i < v.length; i += 11) {
            v[i] = b;
        }
        return new FloatTensor(t.shape(), v);
    }
}
