package io.github.fp8sim.workloads.train;

import static io.github.fp8sim.testkit.FloatBits.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.autodiff.Backward;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;

/**
 * The FP8 engine's GEMM ops against the FP32 reference (Mellempudi et al. 2019's recipe, ARCHITECTURE.md
 * section 3): forward operands RNE to E5M2, products exact, sums in FP32, outputs rounded once; backward
 * errors and weight gradients rounded with the recipe's rounding after an overflow check.
 *
 * <p>The oracle. An E5M2 x E5M2 product has a 6-bit significand and an exponent in [-32, 31], so it is
 * exact in FP32; the engine and the reference therefore compute the same n-term sum and differ only in
 * the order of its FP32 additions. Any order of n - 1 additions is within {@code gamma(n - 1) S <= gamma(n) S}
 * of the exact sum (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., section 4.2), S the
 * sum of the terms' magnitudes and gamma(n) = n u / (1 - n u), u = 2^-24; so the two FP32 results are
 * within {@code 2 gamma(n) S} of each other. Rounding to nearest is monotone, so the engine's rounded value
 * lies between the E5M2 roundings of {@code ref - 2 gamma(n) S} and {@code ref + 2 gamma(n) S}: equal to the
 * rounded reference, or (when a rounding boundary falls inside that tiny interval) its E5M2 neighbour.
 * S is the reference op applied to the operands' magnitudes. E5M2 rounding here is this class's own
 * {@link #e5m2}, from the format's definition, not the datapath's converter.
 */
class Fp8NumericsTest {

    private static final MachineConfig EDGE16 = Presets.get("edge16");
    private static final float E5M2_MAX = 57344f;
    private static final double U = 0x1p-24;

    // ---- an independent E5M2: 1 sign, 5 exponent bits (bias 15), 2 fraction bits, subnormals below 2^-14

    /** The gap between E5M2 values around {@code x}: 2^(e - 2) in binade [2^e, 2^(e+1)), 2^-16 below 2^-14. */
    static double step(double x) {
        return Math.scalb(1.0, Math.max(Math.getExponent(x), -14) - 2);
    }

    /** {@code x} rounded to E5M2, to nearest with ties to even, saturating at 57344 (the engine's policy). */
    static float e5m2(double x) {
        if (Double.isNaN(x)) {
            return Float.NaN;
        }
        double s = step(x);
        double r = Math.rint(x / s) * s;     // x / s is exact: s is a power of two
        return (float) Math.copySign(Math.min(Math.abs(r), E5M2_MAX), x);
    }

    static float[] e5m2(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = e5m2(v[i]);
        }
        return r;
    }

    static FloatTensor e5m2(FloatTensor t) {
        return new FloatTensor(t.shape(), e5m2(t.data()));
    }

    static FloatTensor abs(FloatTensor t) {
        float[] r = new float[t.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.abs(t.data()[i]);
        }
        return new FloatTensor(t.shape(), r);
    }

    /** gamma(n) = n u / (1 - n u): the relative bound of an n-term FP32 sum in any order. */
    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    static FloatTensor random(SplittableRandom random, double bound, int... dims) {
        TensorShape shape = TensorShape.of(dims);
        float[] v = new float[(int) shape.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble(-bound, bound);
        }
        return new FloatTensor(shape, v);
    }

    /**
     * {@code actual} is {@code exact} (an FP32 result of the same sum in another order, each element within
     * {@code 2 gamma(n) magnitudes[i]}) rounded once to E5M2: see the class comment. Returns how many
     * elements equal the rounded reference exactly.
     */
    static int assertRoundedOnce(String what, float[] actual, float[] exact, float[] magnitudes, int n) {
        assertEquals(exact.length, actual.length, what + ": length");
        int same = 0;
        for (int i = 0; i < actual.length; i++) {
            double slack = 2 * gamma(n) * magnitudes[i] * 1.01;   // 1%: S itself is an FP32 sum
            float lo = e5m2(exact[i] - slack);
            float hi = e5m2(exact[i] + slack);
            float expected = e5m2(exact[i]);
            String where = what + "[" + i + "]: engine " + actual[i] + ", FP32 reference " + exact[i];
            assertEquals(actual[i], e5m2(actual[i]), where + " is not an E5M2 value");
            assertTrue(lo <= actual[i] && actual[i] <= hi, where + " outside [" + lo + ", " + hi + "]");
            assertTrue(Math.abs(actual[i] - expected) <= step(Math.max(Math.abs(actual[i]), Math.abs(expected))),
                    where + " more than one E5M2 step from " + expected);
            same += actual[i] == expected ? 1 : 0;
        }
        return same;
    }

    static Fp8Numerics numerics(Fp8Numerics.Recipe recipe, GemmThreads threads, long seed) {
        return new Fp8Numerics(recipe, EDGE16, threads, seed);
    }

    // ---- the layers under test

    /**
     * A GEMM layer with random FP32 operands (not E5M2 values) and the number of terms of each of its sums.
     *
     * @param forwardTerms  products (and bias) summed into one output element
     * @param errorTerms    products summed into one input-gradient element
     * @param gradientTerms products summed into one weight-gradient element
     */
    record Layer(String name, Node node, List<FloatTensor> inputs, TensorShape output, int forwardTerms, int errorTerms,
                 int gradientTerms) {

        @Override
        public String toString() {
            return name;
        }

        /** x and weight rounded to E5M2 as the recipe's forward does; the bias stays FP32. */
        List<FloatTensor> roundedInputs() {
            List<FloatTensor> r = new ArrayList<>(List.of(e5m2(inputs.get(0)), e5m2(inputs.get(1))));
            if (inputs.size() > 2) {
                r.add(inputs.get(2));
            }
            return r;
        }

        List<FloatTensor> magnitudes(List<FloatTensor> t) {
            return t.stream().map(Fp8NumericsTest::abs).toList();
        }
    }

    /** Conv 3x3, stride 2, padding 1, bias: x [2, 3, 7, 7], weight [4, 3, 3, 3], y [2, 4, 4, 4]. */
    static Layer conv() {
        SplittableRandom random = new SplittableRandom(11);
        Conv2d op = new Conv2d(2, 2, 1, 1, 1, 1, 1, true);
        List<FloatTensor> in = List.of(random(random, 2, 2, 3, 7, 7), random(random, 0.5, 4, 3, 3, 3),
                random(random, 1, 4));
        // y: 27 products + bias; dx: at most 4 output channels x 9 taps; dw: 2 images x 16 positions
        return new Layer("conv", new Node(3, "conv", op, List.of(0, 1, 2), List.of(3)), in, TensorShape.of(2, 4, 4, 4),
                28, 36, 32);
    }

    /** Linear over the last axis of a rank-3 input, with bias: x [2, 3, 5], weight [4, 5], y [2, 3, 4]. */
    static Layer linear() {
        SplittableRandom random = new SplittableRandom(12);
        List<FloatTensor> in = List.of(random(random, 2, 2, 3, 5), random(random, 0.5, 4, 5), random(random, 1, 4));
        return new Layer("linear", new Node(5, "fc", new Linear(true), List.of(0, 1, 2), List.of(3)), in,
                TensorShape.of(2, 3, 4), 6, 4, 6);
    }

    static Stream<Layer> layers() {
        return Stream.of(conv(), linear());
    }

    /**
     * Attention's batched matmul, rank 4, with every transpose combination: op(A) [2, 2, 3, 5] times
     * op(B) [2, 2, 5, 4] per batch index, stored transposed where the flag says.
     */
    static Layer matMul(boolean ta, boolean tb) {
        SplittableRandom random = new SplittableRandom(ta ? (tb ? 21 : 22) : (tb ? 23 : 24));
        FloatTensor a = ta ? random(random, 2, 2, 2, 5, 3) : random(random, 2, 2, 2, 3, 5);
        FloatTensor b = tb ? random(random, 2, 2, 2, 4, 5) : random(random, 2, 2, 2, 5, 4);
        String name = "matmul" + (ta ? " A^T" : " A") + (tb ? " B^T" : " B");
        // C: 5 products; dA: 4 products (over C's columns); dB: 3 products (over C's rows)
        return new Layer(name, new Node(7, "mm", new MatMul(ta, tb), List.of(0, 1), List.of(2)), List.of(a, b),
                TensorShape.of(2, 2, 3, 4), 5, 4, 3);
    }

    static Stream<Layer> matMuls() {
        return Stream.of(matMul(false, false), matMul(false, true), matMul(true, false), matMul(true, true));
    }

    static Stream<Layer> gemms() {
        return Stream.concat(layers(), matMuls());
    }

    // ---- 0. the oracle itself

    @Test
    void theTestsE5m2RoundingAgreesWithTheFormatsCodeTable() {
        List<Float> values = new ArrayList<>();
        for (int code = 0; code < 0x7C; code++) {          // +0 .. max finite; 0x7C is +Inf
            values.add(FloatFormat.E5M2.decode(code));
        }
        for (int i = 0; i < values.size(); i++) {
            float v = values.get(i);
            assertEquals(v, e5m2(v), "E5M2 value " + v + " is a fixed point");
            assertEquals(-v, e5m2(-v));
            if (i + 1 < values.size()) {
                float next = values.get(i + 1);
                double mid = ((double) v + next) / 2;
                float even = (i & 1) == 0 ? v : next;       // code parity is the last fraction bit
                assertEquals(even, e5m2(mid), "tie between " + v + " and " + next);
                assertEquals(v, e5m2(Math.nextDown(mid)));
                assertEquals(next, e5m2(Math.nextUp(mid)));
            }
        }
        assertEquals(E5M2_MAX, FloatFormat.E5M2.maxFinite());
        assertEquals(E5M2_MAX, e5m2(1e6));
    }

    // ---- 1. forward

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void forwardIsTheReferenceOnE5m2OperandsWithTheOutputRoundedOnceToE5m2(Layer layer) {
        FloatTensor y = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1)
                .forward(layer.node(), layer.inputs(), false).get(0);
        List<FloatTensor> rounded = layer.roundedInputs();
        FloatTensor reference = ReferenceExecutor.apply(layer.node().op(), rounded).get(0);
        FloatTensor magnitude = ReferenceExecutor.apply(layer.node().op(), layer.magnitudes(rounded)).get(0);

        assertEquals(layer.output(), y.shape());
        int same = assertRoundedOnce(layer + " y", y.data(), reference.data(), magnitude.data(), layer.forwardTerms());
        // the two FP32 sums are a few 1e-6 of S apart while E5M2 rounding boundaries lie 2^-3 to 2^-2 of the
        // value apart, so a boundary falls between them for a fraction of order 1e-5 S / |y| of the elements
        assertTrue(same >= y.size() - 1, layer + ": only " + same + " of " + y.size() + " equal the rounded reference");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void aGraphOutputStaysFp32(Layer layer) {
        FloatTensor y = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1)
                .forward(layer.node(), layer.inputs(), true).get(0);
        List<FloatTensor> rounded = layer.roundedInputs();
        float[] reference = ReferenceExecutor.apply(layer.node().op(), rounded).get(0).data();
        float[] magnitude = ReferenceExecutor.apply(layer.node().op(), layer.magnitudes(rounded)).get(0).data();

        int representable = 0;
        for (int i = 0; i < y.size(); i++) {
            double slack = 2 * gamma(layer.forwardTerms()) * magnitude[i] * 1.01;
            assertEquals(reference[i], y.data()[i], slack, layer + " logit " + i);
            representable += e5m2(y.data()[i]) == y.data()[i] ? 1 : 0;
        }
        // each output adds a random FP32 bias to a sum of 6-bit products: an E5M2 value only by accident
        assertTrue(representable <= y.size() / 10, representable + " of " + y.size() + " outputs look E5M2-rounded");
    }

    // ---- 2. backward with RNE

    /**
     * Conv and linear: dx (error GEMM) and dw (weight-gradient GEMM), then the bias gradient. Matmul: the
     * errors of both operands, dA and dB, each a GEMM of the rounded upstream error.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gemms")
    void backwardWithRneIsTheReferenceOnE5m2ValuesWithEachGemmOutputRoundedOnce(Layer layer) {
        FloatTensor dy = random(new SplittableRandom(13), 3, layer.output().dims());
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.of(FloatFormat.E5M2, Rounding.RNE), GemmThreads.SERIAL, 1);
        fp8.beginStep(0);
        List<FloatTensor> out = fp8.forward(layer.node(), layer.inputs(), false);
        List<FloatTensor> grads = fp8.backward(layer.node(), layer.inputs(), out, List.of(dy));

        List<FloatTensor> rounded = layer.roundedInputs();
        FloatTensor dyq = e5m2(dy);
        List<FloatTensor> refOut = ReferenceExecutor.apply(layer.node().op(), rounded);
        List<FloatTensor> reference = Backward.apply(layer.node().op(), rounded, refOut, List.of(dyq));
        List<FloatTensor> magnitude =
                Backward.apply(layer.node().op(), layer.magnitudes(rounded), refOut, List.of(abs(dyq)));

        assertEquals(layer.inputs().size(), grads.size(), "a gradient for every input");
        for (int i = 0; i < 2; i++) {
            String name = layer + " d" + (layer.node().op() instanceof MatMul ? "AB".charAt(i) : i == 0 ? "x" : "w");
            assertEquals(layer.inputs().get(i).shape(), grads.get(i).shape(), name);
            int same = assertRoundedOnce(name, grads.get(i).data(), reference.get(i).data(), magnitude.get(i).data(),
                    i == 0 ? layer.errorTerms() : layer.gradientTerms());
            assertTrue(same >= grads.get(i).size() - 1, name + ": " + same + " of " + grads.get(i).size());
        }
        if (grads.size() == 3) {
            // the bias gradient is no GEMM: the sum of the E5M2 errors, exact in double (their bits span < 53),
            // rounded once to FP32, the same whatever the order
            assertArrayEquals(bits(reference.get(2).data()), bits(grads.get(2).data()), layer + " db");
        }
        assertFalse(fp8.overflowed(), "errors of magnitude < 3 and their GEMMs stay in range");
    }

    // ---- LSTM step: the gate GEMM on the array, the gates in FP32

    /** x [3, 5], h [3, 4], c [3, 4], wIh [16, 5], wHh [16, 4], bias [16]. */
    static List<FloatTensor> lstmInputs() {
        SplittableRandom r = new SplittableRandom(31);
        return List.of(random(r, 1, 3, 5), random(r, 1, 3, 4), random(r, 1, 3, 4), random(r, 0.5, 16, 5),
                random(r, 0.5, 16, 4), random(r, 0.5, 16));
    }

    /** The inputs as the engine's GEMM sees them: x, h and the weights E5M2; c and the bias FP32. */
    static List<FloatTensor> lstmRounded(List<FloatTensor> in) {
        return List.of(e5m2(in.get(0)), e5m2(in.get(1)), in.get(2), e5m2(in.get(3)), e5m2(in.get(4)), in.get(5));
    }

    static final Node LSTM = new Node(9, "lstm", new LstmCell(), List.of(0, 1, 2, 3, 4, 5), List.of(6, 7));

    @Test
    void anLstmStepIsTheReferenceOnE5m2OperandsWithItsGatesInFp32() {
        List<FloatTensor> in = lstmInputs();
        List<FloatTensor> out = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1).forward(LSTM, in, false);
        List<FloatTensor> ref = ReferenceExecutor.apply(new LstmCell(), lstmRounded(in));
        List<FloatTensor> plain = ReferenceExecutor.apply(new LstmCell(), in);
        double movedByFp8 = 0;
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < ref.get(o).size(); i++) {
                // z differs from the reference's only in the order of 10 FP32 additions: a few ulps
                assertEquals(ref.get(o).data()[i], out.get(o).data()[i], 1e-5, (o == 0 ? "h'" : "c'") + "[" + i + "]");
                movedByFp8 = Math.max(movedByFp8, Math.abs(plain.get(o).data()[i] - out.get(o).data()[i]));
            }
        }
        assertTrue(movedByFp8 > 1e-3, "the operands really were rounded to E5M2: " + movedByFp8);
    }

    @Test
    void anLstmStepsBackwardRoundsDzAndRunsItsGemmsOnE5m2Values() {
        List<FloatTensor> in = lstmInputs();
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.of(FloatFormat.E5M2, Rounding.RNE), GemmThreads.SERIAL, 1);
        fp8.beginStep(0);
        List<FloatTensor> out = fp8.forward(LSTM, in, false);
        SplittableRandom r = new SplittableRandom(32);
        FloatTensor dh = random(r, 2, 3, 4);
        FloatTensor dc = random(r, 2, 3, 4);
        List<FloatTensor> g = fp8.backward(LSTM, in, out, List.of(dh, dc));

        // The oracle: the reference's dz on the rounded operands, rounded to E5M2 here, then the two GEMMs of
        // y = [x | h] W^T as a bias-free linear layer's backward on E5M2 values, rounded once.
        List<FloatTensor> rounded = lstmRounded(in);
        List<FloatTensor> refGrads = Backward.apply(new LstmCell(), rounded, out, List.of(dh, dc));
        float[] joined = new float[3 * 9];
        float[] w = new float[16 * 9];
        for (int b = 0; b < 3; b++) {
            System.arraycopy(rounded.get(0).data(), b * 5, joined, b * 9, 5);
            System.arraycopy(rounded.get(1).data(), b * 4, joined, b * 9 + 5, 4);
        }
        for (int k = 0; k < 16; k++) {
            System.arraycopy(rounded.get(3).data(), k * 5, w, k * 9, 5);
            System.arraycopy(rounded.get(4).data(), k * 4, w, k * 9 + 5, 4);
        }
        float[] dz = io.github.fp8sim.workloads.autodiff.LstmGateGradients.of(
                zOf(joined, w, rounded.get(5).data()), in.get(2), out.get(1), dh, dc).dz();
        FloatTensor dzq = e5m2(new FloatTensor(TensorShape.of(3, 16), dz));
        FloatTensor xj = new FloatTensor(TensorShape.of(3, 9), joined);
        FloatTensor wj = new FloatTensor(TensorShape.of(16, 9), w);
        List<FloatTensor> lin = Backward.apply(new Linear(false), List.of(xj, wj),
                ReferenceExecutor.apply(new Linear(false), List.of(xj, wj)), List.of(dzq));
        float[] dJoined = e5m2(lin.get(0).data());
        float[] dW = e5m2(lin.get(1).data());

        int same = 0;
        int total = 0;
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 9; i++) {
                float engine = i < 5 ? g.get(0).data()[b * 5 + i] : g.get(1).data()[b * 4 + i - 5];
                same += within(engine, dJoined[b * 9 + i], "d[x|h][" + b + "][" + i + "]");
                total++;
            }
        }
        for (int k = 0; k < 16; k++) {
            for (int i = 0; i < 9; i++) {
                float engine = i < 5 ? g.get(3).data()[k * 5 + i] : g.get(4).data()[k * 4 + i - 5];
                same += within(engine, dW[k * 9 + i], "dW[" + k + "][" + i + "]");
                total++;
            }
        }
        // dz's engine and oracle values differ by ulps of z, so a rare element rounds to a neighbour
        assertTrue(same >= total * 9 / 10, same + " of " + total + " equal the oracle");
        for (int i = 0; i < 12; i++) {
            assertEquals(refGrads.get(2).data()[i], g.get(2).data()[i], 1e-5, "dc stays FP32: [" + i + "]");
        }
        // dbias sums the three rounded dz of a gate: exact in both, so they differ only where a dz rounded to a
        // neighbour, by at most one E5M2 step of each term
        for (int k = 0; k < 16; k++) {
            double expected = 0;
            double slack = 0;
            for (int b = 0; b < 3; b++) {
                float v = dzq.data()[b * 16 + k];
                expected += v;
                slack += step(Math.abs(v));
            }
            assertEquals(expected, g.get(5).data()[k], slack, "dbias[" + k + "]");
        }
    }

    /** z = bias + joined W^T, in double: the gate pre-activations before any rounding question. */
    private static float[] zOf(float[] joined, float[] w, float[] bias) {
        float[] z = new float[3 * 16];
        for (int b = 0; b < 3; b++) {
            for (int k = 0; k < 16; k++) {
                double s = bias[k];
                for (int i = 0; i < 9; i++) {
                    s += (double) joined[b * 9 + i] * w[k * 9 + i];
                }
                z[b * 16 + k] = (float) s;
            }
        }
        return z;
    }

    /** 1 if {@code engine} equals {@code oracle}; 0 if it is an E5M2 neighbour; fails otherwise. */
    private static int within(float engine, float oracle, String what) {
        assertEquals(engine, e5m2(engine), what + " is not an E5M2 value");
        assertTrue(Math.abs(engine - oracle) <= step(Math.max(Math.abs(engine), Math.abs(oracle))),
                what + ": engine " + engine + ", oracle " + oracle);
        return engine == oracle ? 1 : 0;
    }

    @Test
    void opsOtherThanGemmsAreLeftToTheReference() {
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1);
        Node relu = new Node(0, "relu", new Relu(), List.of(0), List.of(1));
        FloatTensor x = FloatTensor.of(TensorShape.of(2), 1f, -1f);
        assertNull(fp8.forward(relu, List.of(x), false));
        assertNull(fp8.backward(relu, List.of(x), List.of(x), List.of(x)));
    }

    // ---- 3. stochastic rounding

    /** A linear layer without bias whose upstream errors are E5M2 values, so SR leaves them unchanged. */
    private record SrCase(Node node, List<FloatTensor> inputs, FloatTensor dy) {
        static SrCase make() {
            SplittableRandom random = new SplittableRandom(21);
            FloatTensor x = random(random, 2, 32, 16);
            FloatTensor w = random(random, 0.5, 8, 16);
            FloatTensor dy = e5m2(random(random, 1, 32, 8));
            return new SrCase(new Node(2, "fc", new Linear(false), List.of(0, 1), List.of(2)), List.of(x, w), dy);
        }

        FloatTensor weightGradient(Fp8Numerics fp8, long step) {
            fp8.beginStep(step);
            return fp8.backward(node, inputs, List.of(), List.of(dy)).get(1);
        }
    }

    @Test
    void stochasticRoundingOfTheWeightGradientIsUnbiased() {
        SrCase c = SrCase.make();
        float[] xq = e5m2(c.inputs().get(0).data());
        float[] dy = c.dy().data();
        int rows = 32;
        int out = 8;
        int in = 16;
        // dW[o][i] = sum_r dy[r][o] x[r][i]: exact in double (6-bit products, a span of < 53 bits)
        double[] exact = new double[out * in];
        double[] magnitude = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int r = 0; r < rows; r++) {
                    exact[o * in + i] += (double) dy[r * out + o] * xq[r * in + i];
                    magnitude[o * in + i] += Math.abs((double) dy[r * out + o] * xq[r * in + i]);
                }
            }
        }
        int steps = 400;
        double[] mean = new double[exact.length];
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 5);
        for (int s = 0; s < steps; s++) {
            float[] g = c.weightGradient(fp8, s).data();
            for (int j = 0; j < g.length; j++) {
                mean[j] += g[j] / (double) steps;
            }
        }
        // Per element, SR returns one of the two E5M2 neighbours of the FP32 sum v, which lie one step d apart.
        // Its mean is v minus at most d 2^-8 (8 random bits: P(up) = floor(f 2^8) / 2^8), and v is within
        // gamma(32) S of the exact sum. Hoeffding: the mean of 400 independent draws strays more than 0.15 d
        // from its expectation with probability <= 2 exp(-2 * 400 * 0.15^2) = 3e-8, so over these 128
        // elements the bound fails by chance with probability < 4e-6. One RNE result is off by up to d / 2
        // (about d / 4 on average).
        double srError = 0;
        double rneError = 0;
        for (int j = 0; j < exact.length; j++) {
            double fp32Slack = gamma(rows) * magnitude[j];
            double d = step(Math.abs(exact[j]) + fp32Slack);
            double err = Math.abs(mean[j] - exact[j]);
            assertTrue(err <= 0.15 * d + 0x1p-8 * d + fp32Slack,
                    "dW[" + j + "]: mean of SR " + mean[j] + ", exact " + exact[j] + ", E5M2 step " + d);
            srError += err / d;
            rneError += Math.abs(e5m2(exact[j]) - exact[j]) / d;
        }
        assertTrue(srError < rneError / 4, "mean SR error " + srError / exact.length + " steps, one RNE result's "
                + rneError / exact.length + " steps");
    }

    @Test
    void srBitsAreAFunctionOfSeedAndStep() {
        SrCase c = SrCase.make();
        float[] a = c.weightGradient(numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 5), 7).data();
        float[] b = c.weightGradient(numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 5), 7).data();
        Fp8Numerics reused = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 5);
        c.weightGradient(reused, 3);
        float[] again = c.weightGradient(reused, 7).data();
        float[] nextStep = c.weightGradient(numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 5), 8).data();
        float[] otherSeed = c.weightGradient(numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 6), 7).data();

        assertArrayEquals(bits(a), bits(b), "same seed, same step");
        assertArrayEquals(bits(a), bits(again), "an earlier step leaves no trace");
        assertFalse(Arrays.equals(bits(a), bits(nextStep)), "the step reaches the rounding");
        assertFalse(Arrays.equals(bits(a), bits(otherSeed)), "the seed reaches the rounding");
    }

    // ---- 4. overflow check

    /**
     * Whether {@code fp8} has seen an overflow after a linear layer's backward with x [4, 8] and weight [3, 8]
     * filled with the constants {@code x} and {@code w}, and the upstream error [4, 3] {@code dy}.
     */
    private static boolean overflows(Fp8Numerics fp8, float x, float w, float[] dy) {
        Node node = new Node(1, "fc", new Linear(false), List.of(0, 1), List.of(2));
        float[] xv = new float[4 * 8];
        float[] wv = new float[3 * 8];
        Arrays.fill(xv, x);
        Arrays.fill(wv, w);
        List<FloatTensor> in = List.of(new FloatTensor(TensorShape.of(4, 8), xv),
                new FloatTensor(TensorShape.of(3, 8), wv));
        assertNotNull(fp8.backward(node, in, List.of(), List.of(new FloatTensor(TensorShape.of(4, 3), dy))));
        return fp8.overflowed();
    }

    /** A [4, 3] upstream error starting with {@code first}, the rest 0.25. */
    private static float[] errors(float... first) {
        float[] dy = new float[4 * 3];
        Arrays.fill(dy, 0.25f);
        System.arraycopy(first, 0, dy, 0, first.length);
        return dy;
    }

    /** A [4, 3] upstream error of 1024 everywhere. */
    private static float[] errorsOf1024() {
        float[] dy = new float[4 * 3];
        Arrays.fill(dy, 1024f);
        return dy;
    }

    @Test
    void anUpstreamErrorBeyondE5m2sRangeIsAnOverflow() {
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1);
        // x and w of 1/8: dx = sum of 3 dy w <= 3 * 57344 / 8 and dw = sum of 4 dy x <= 4 * 57344 / 8 stay in range
        fp8.beginStep(0);
        assertFalse(overflows(fp8, 0.125f, 0.125f, errors(E5M2_MAX, -E5M2_MAX)), "max finite itself is in range");
        fp8.beginStep(1);
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(Math.nextUp(E5M2_MAX))), "one FP32 ulp above max finite");
        fp8.beginStep(2);
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(60000f)),
                "above max finite, though RNE would round it to max finite");
        fp8.beginStep(3);
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(Float.NEGATIVE_INFINITY)));
        fp8.beginStep(4);
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(1f, Float.NaN)));
    }

    @Test
    void anInRangeErrorWhoseGemmLeavesTheRangeIsAnOverflow() {
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1);
        fp8.beginStep(0);
        // dw = 4 rows x 1024 x 64 = 262144 > 57344, while dx = 3 x 1024 / 64 = 48
        assertTrue(overflows(fp8, 64f, 1f / 64, errorsOf1024()), "weight gradient");
        fp8.beginStep(1);
        // dx = 3 x 1024 x 64 = 196608 > 57344, while dw = 4 x 1024 / 64 = 64
        assertTrue(overflows(fp8, 1f / 64, 64f, errorsOf1024()), "outgoing error");
        fp8.beginStep(2);
        assertFalse(overflows(fp8, 1f / 64, 1f / 64, errorsOf1024()), "both GEMMs at most 64");
    }

    @Test
    void theOverflowFlagIsStickyWithinAStepAndClearedByTheNext() {
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), GemmThreads.SERIAL, 1);
        fp8.beginStep(0);
        assertFalse(fp8.overflowed(), "a fresh step");
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(Float.POSITIVE_INFINITY)));
        assertTrue(overflows(fp8, 0.125f, 0.125f, errors(1f)),
                "a clean backward later in the same step does not clear it");
        fp8.beginStep(1);
        assertFalse(fp8.overflowed(), "beginStep clears it");
        assertFalse(overflows(fp8, 0.125f, 0.125f, errors(1f)));
    }

    // ---- 5. threads

    @Test
    void theThreadCountDoesNotChangeABit() {
        // x [4, 16, 16, 16], weight [32, 16, 3, 3], stride 1, padding 1: each of the three GEMMs is
        // M 1024 x N 32 x K 144 (in some order) = 4.7M MACs, above GemmThreads' 2^20 split threshold, so three
        // threads really share the rows (1024 / 3 and 32 / 3 in unequal ranges)
        SplittableRandom random = new SplittableRandom(31);
        Node node = new Node(4, "conv", Conv2d.of(1, 1), List.of(0, 1), List.of(2));
        List<FloatTensor> in = List.of(random(random, 2, 4, 16, 16, 16), random(random, 0.5, 32, 16, 3, 3));
        FloatTensor dy = random(random, 1, 4, 32, 16, 16);
        List<float[]> serial = convPass(node, in, dy, GemmThreads.SERIAL);
        List<float[]> parallel;
        try (GemmThreads three = GemmThreads.of(3)) {
            parallel = convPass(node, in, dy, three);
        }
        for (int i = 0; i < serial.size(); i++) {
            assertArrayEquals(bits(serial.get(i)), bits(parallel.get(i)), "tensor " + i + " of y, dx, dw");
        }
    }

    /** y, dx and dw of one SR training step of {@code node}. */
    private static List<float[]> convPass(Node node, List<FloatTensor> in, FloatTensor dy, GemmThreads threads) {
        Fp8Numerics fp8 = numerics(Fp8Numerics.Recipe.paper(), threads, 9);
        fp8.beginStep(17);
        FloatTensor y = fp8.forward(node, in, false).get(0);
        List<FloatTensor> g = fp8.backward(node, in, List.of(y), List.of(dy));
        return List.of(y.data(), g.get(0).data(), g.get(1).data());
    }
}
