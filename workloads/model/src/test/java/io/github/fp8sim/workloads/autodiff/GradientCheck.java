package io.github.fp8sim.workloads.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Compares {@link Backward}'s gradients with central finite differences of the forward.
 *
 * <p>For a random upstream gradient G (one tensor per output), the scalar {@code L = sum G * f(inputs)} is
 * evaluated in double from the forward's float outputs. Its derivative by each input coordinate is estimated with
 * the fourth-order stencil {@code (8 (L(+h) - L(-h)) - (L(+2h) - L(-2h))) / 12h}, whose truncation error
 * ({@code h^4 = 2^-28} times the fifth derivative) is far below the tolerance; with inputs on the 2^-10 grid of
 * {@link TestValues} every perturbed input is exact, so what remains is the float rounding of the outputs.
 * Two checks: every coordinate (or a seeded sample of 200 for larger inputs) against the largest gradient of its
 * tensor, and the derivative along a random direction through all inputs at once against the sum of
 * {@code |gradient x direction|}.
 */
final class GradientCheck {

    /** The finite-difference step, 2^-7. */
    static final double STEP = 0x1p-7;
    /** The most coordinates checked one by one per input. */
    private static final int MAX_COORDINATES = 200;

    private GradientCheck() {}

    /**
     * Asserts the gradients of {@code op} at {@code inputs} agree with finite differences within {@code tolerance}
     * (relative), and that exactly the inputs {@code noGradient} get none.
     *
     * @param silentOutputs outputs that get no upstream gradient ({@code null}) and do not enter L
     */
    static void check(Op op, Phase mode, List<FloatTensor> inputs, Set<Integer> noGradient, Set<Integer> silentOutputs,
            long seed, double tolerance) {
        Random random = new Random(seed);
        List<FloatTensor> outputs = Forward.apply(op, inputs, mode);
        List<FloatTensor> upstream = new ArrayList<>();
        for (int o = 0; o < outputs.size(); o++) {
            upstream.add(silentOutputs.contains(o) ? null : upstreamGradient(outputs.get(o), random));
        }
        List<FloatTensor> analytic = Backward.apply(op, inputs, outputs, upstream, mode);
        assertTrue(analytic.size() == inputs.size(), op.kind() + ": one gradient per input");
        Function<List<FloatTensor>, Double> loss = in -> weightedSum(Forward.apply(op, in, mode), upstream);

        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            boolean none = analytic.get(i) == null;
            if (none != noGradient.contains(i)) {
                fail(op.kind() + ": input " + i + (none ? " got no gradient" : " got a gradient it should not have"));
            }
            if (!none) {
                assertTrue(analytic.get(i).shape().equals(inputs.get(i).shape()), op.kind() + ": gradient " + i + " shape");
                checked.add(i);
            }
        }
        for (int i : checked) {
            checkCoordinates(op, inputs, i, analytic.get(i), loss, random, tolerance);
        }
        if (!checked.isEmpty()) {
            checkDirection(op, inputs, checked, analytic, loss, random, tolerance);
        }
    }

    private static void checkCoordinates(Op op, List<FloatTensor> inputs, int input, FloatTensor grad,
            Function<List<FloatTensor>, Double> loss, Random random, double tolerance) {
        int n = inputs.get(input).size();
        int[] coords = sample(n, random);
        float[] g = grad.data();
        double scale = 0;
        for (float v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        // A floor for tensors whose gradient is (rightly) all but zero.
        double allowed = tolerance * Math.max(scale, 1e-2);
        for (int c : coords) {
            float[] direction = new float[n];
            direction[c] = 1;
            double fd = derivative(inputs, List.of(input), List.of(direction), loss);
            if (!(Math.abs(fd - g[c]) <= allowed)) {
                fail(op.kind() + ": d/d input " + input + "[" + c + "] is " + g[c] + " but finite differences give " + fd
                        + " (allowed error " + allowed + ", gradient scale " + scale + ")");
            }
        }
    }

    private static void checkDirection(Op op, List<FloatTensor> inputs, List<Integer> checked, List<FloatTensor> analytic,
            Function<List<FloatTensor>, Double> loss, Random random, double tolerance) {
        List<float[]> directions = new ArrayList<>();
        double predicted = 0;
        double mass = 0;
        for (int i : checked) {
            float[] d = new float[inputs.get(i).size()];
            float[] g = analytic.get(i).data();
            for (int k = 0; k < d.length; k++) {
                // Multiples of 1/8 in [-1, 1]: h d stays on the input grid.
                d[k] = (random.nextInt(17) - 8) / 8f;
                predicted += (double) g[k] * d[k];
                mass += Math.abs((double) g[k] * d[k]);
            }
            directions.add(d);
        }
        double fd = derivative(inputs, checked, directions, loss);
        double allowed = tolerance * Math.max(mass, 1e-2);
        if (!(Math.abs(fd - predicted) <= allowed)) {
            fail(op.kind() + ": directional derivative is " + predicted + " but finite differences give " + fd
                    + " (allowed error " + allowed + ")");
        }
    }

    /** The fourth-order central difference of {@code loss} along {@code directions} on the inputs {@code which}. */
    private static double derivative(List<FloatTensor> inputs, List<Integer> which, List<float[]> directions,
            Function<List<FloatTensor>, Double> loss) {
        double p1 = loss.apply(moved(inputs, which, directions, STEP));
        double m1 = loss.apply(moved(inputs, which, directions, -STEP));
        double p2 = loss.apply(moved(inputs, which, directions, 2 * STEP));
        double m2 = loss.apply(moved(inputs, which, directions, -2 * STEP));
        return (8 * (p1 - m1) - (p2 - m2)) / (12 * STEP);
    }

    private static List<FloatTensor> moved(List<FloatTensor> inputs, List<Integer> which, List<float[]> directions,
            double step) {
        List<FloatTensor> out = new ArrayList<>(inputs);
        for (int k = 0; k < which.size(); k++) {
            int i = which.get(k);
            float[] v = inputs.get(i).data().clone();
            float[] d = directions.get(k);
            for (int j = 0; j < v.length; j++) {
                double moved = v[j] + step * d[j];
                v[j] = (float) moved;
                if (v[j] != moved) {
                    throw new IllegalStateException("input " + i + "[" + j + "] = " + inputs.get(i).data()[j]
                            + " is not on the test grid: a step would round");
                }
            }
            out.set(i, new FloatTensor(inputs.get(i).shape(), v));
        }
        return out;
    }

    /** {@code sum G * y} in double over the outputs that have an upstream gradient. */
    private static double weightedSum(List<FloatTensor> outputs, List<FloatTensor> upstream) {
        double sum = 0;
        for (int o = 0; o < outputs.size(); o++) {
            FloatTensor g = upstream.get(o);
            if (g == null) {
                continue;
            }
            float[] y = outputs.get(o).data();
            for (int i = 0; i < y.length; i++) {
                if (g.data()[i] != 0) {
                    sum += (double) g.data()[i] * y[i];
                }
            }
        }
        return sum;
    }

    /** Random values in [-1, 1]; 0 where the output is not finite (a masked score), which L then leaves out. */
    private static FloatTensor upstreamGradient(FloatTensor y, Random random) {
        float[] g = new float[y.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = Float.isFinite(y.data()[i]) ? (float) (2 * random.nextDouble() - 1) : 0f;
        }
        return new FloatTensor(y.shape(), g);
    }

    /** All of {@code 0..n-1}, or a seeded sample of {@link #MAX_COORDINATES} of them. */
    private static int[] sample(int n, Random random) {
        if (n <= MAX_COORDINATES) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return random.ints(0, n).distinct().limit(MAX_COORDINATES).sorted().toArray();
    }
}
