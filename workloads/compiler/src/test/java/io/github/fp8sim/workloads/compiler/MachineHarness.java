package io.github.fp8sim.workloads.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Interpreter;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.metrics.AccuracyMetrics;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * Compiles a small graph, runs it functionally on a machine, and reads back any tensor the program
 * leaves in DRAM (inputs as the machine holds them, outputs, intermediates), so a test can apply the
 * reference op to exactly the values the machine saw. Graph outputs are stored in E5M2 like any
 * activation, so one test sees the whole path: FP32 math, then one E5M2 rounding.
 */
final class MachineHarness {

    final Graph graph;
    final CompiledGraph compiled;
    private final Machine machine;

    private MachineHarness(Graph graph, CompiledGraph compiled, Machine machine) {
        this.graph = graph;
        this.compiled = compiled;
        this.machine = machine;
    }

    /** The recipe's activation spec (E5M2, RNE, saturating) for activations and graph outputs alike. */
    static GraphCompiler.Options e5m2Outputs(MachineConfig m) {
        OutputSpec a = GraphCompiler.Options.forward(m).activation();
        return new GraphCompiler.Options(a, a);
    }

    static MachineHarness run(Graph g, Weights w, MachineConfig mc, Map<String, FloatTensor> inputs) {
        return run(g, w, mc, e5m2Outputs(mc), inputs);
    }

    static MachineHarness run(Graph g, Weights w, MachineConfig mc, GraphCompiler.Options o, Map<String, FloatTensor> inputs) {
        Map<String, FloatTensor> index = new HashMap<>();
        for (Tensor t : g.inputs()) {
            if (t.tensorClass() == TensorClass.INDEX && inputs.containsKey(t.name())) {
                index.put(t.name(), inputs.get(t.name()));
            }
        }
        CompiledGraph c = GraphCompiler.compile(g, w, mc, o, index);
        Machine m = new Machine(mc);
        for (CompiledGraph.DramInit init : c.inits()) {
            byte[] b = init.bytes().get();
            m.dram().write(init.addr(), b, 0, b.length);
        }
        for (Tensor t : c.fed()) {
            byte[] b = HostData.encode(inputs.get(t.name()).data(), c.buffer(t));
            m.dram().write(c.buffer(t).addr(), b, 0, b.length);
        }
        new Interpreter(m, Mode.FUNCTIONAL).run(c.program());
        return new MachineHarness(g, c, m);
    }

    /** The values of {@code t} as the machine left them in DRAM. */
    FloatTensor read(Tensor t) {
        Buffer b = compiled.buffer(t);
        byte[] bytes = new byte[Math.toIntExact(b.bytes())];
        machine.dram().read(b.addr(), bytes, 0, bytes.length);
        return new FloatTensor(t.shape(), HostData.decode(bytes, b, t.shape()));
    }

    FloatTensor read(String name) {
        return read(graph.tensor(name).orElseThrow());
    }

    /** The layer whose output is {@code name}, or null when the tensor costs no instructions. */
    CompiledGraph.Layer layer(String output) {
        return compiled.layers().stream().filter(l -> l.output().name().equals(output)).findFirst().orElse(null);
    }

    /** Standard normal values times {@code scale}, seeded. */
    static FloatTensor normal(TensorShape s, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(s.numel())];
        for (int i = 0; i < v.length; i++) {
            double u1 = 1 - r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = (float) (scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return new FloatTensor(s, v);
    }

    /** The E5M2 spacing at |v|: 2^(e - 2) in the binade 2^e, 2^-16 among the subnormals. */
    static double e5m2Spacing(double v) {
        int e = v == 0 ? -15 : Math.getExponent((float) v);
        return Math.scalb(1.0, Math.max(e, -14) - 2);
    }

    /**
     * Asserts that {@code got} (E5M2 codes from the machine) is the E5M2 rounding of {@code want} (the
     * reference op on the machine's inputs, in FP32 from double), up to the machine's FP32 arithmetic.
     *
     * <p>The argument: the machine computes in FP32 with a handful of roundings per element (plus
     * sums of at most a few hundred terms), a relative difference from the double reference of about
     * 1e-6 at most. One E5M2 rounding follows, with steps of 2^-2 relative. So each element is the
     * correctly rounded code of a value within 1e-5 relative of {@code want}: its distance from
     * {@code want} is at most half an E5M2 step plus that, and it differs from {@code q(want)} only when
     * {@code want} lies within ~1e-6 relative of a rounding midpoint: a chance of about 1e-5 per element.
     * Allowing 1% of the elements to be the neighbouring code (never further) cannot hide a wrong
     * layout, broadcast, gate or constant, which move most elements by many steps; and the SQNR
     * against {@code q(want)} must stay above 30 dB.
     */
    static void assertOneRounding(String what, FloatTensor want, FloatTensor got) {
        assertSameShape(what, want, got);
        float[] w = want.data();
        float[] g = got.data();
        int differ = 0;
        for (int i = 0; i < w.length; i++) {
            double bound = 0.5 * e5m2Spacing(w[i]) + 1e-5 * Math.abs(w[i]);
            assertTrue(Math.abs(g[i] - (double) w[i]) <= bound, what + "[" + i + "]: machine " + g[i] + ", reference "
                    + w[i] + " (more than half an E5M2 step apart)");
            differ += g[i] == FakeQuantReference.q(w[i]) ? 0 : 1;
        }
        assertTrue(differ <= w.length / 100, what + ": " + differ + " of " + w.length + " codes differ from q(reference)");
        double sqnr = AccuracyMetrics.sqnrDb(FakeQuantReference.q(want), got);
        assertTrue(sqnr > 30, what + ": SQNR " + sqnr + " dB against the rounded reference");
    }

    private static void assertSameShape(String what, FloatTensor want, FloatTensor got) {
        assertTrue(want.data().length == got.data().length && want.shape().equals(got.shape()), what + ": shapes "
                + want.shape() + " and " + got.shape());
    }

    /**
     * Asserts that {@code got}, a compiled layer's output, is {@code want}, the fake-quantized reference's,
     * which is itself rounded to E5M2: the same value in every element but those whose FP32 value before
     * the rounding sat within the FP32 arithmetic's difference (about 1e-6 relative) of a rounding
     * midpoint, which may round to the neighbouring code. Such near-ties are about 1e-5 of the elements
     * (none at all in the models tested today); at most 1 in 1000 elements, each one E5M2 step away, is
     * allowed. An extra rounding of a constant, an operand or the accumulator moves more elements than
     * that, and a wrong layout, broadcast or constant far more, where an SQNR bound lets a few hundred
     * moved codes pass.
     */
    static void assertSameButNearTies(String what, FloatTensor want, FloatTensor got) {
        assertSameShape(what, want, got);
        float[] w = want.data();
        float[] g = got.data();
        int differ = 0;
        for (int i = 0; i < w.length; i++) {
            if (Float.floatToRawIntBits(g[i]) != Float.floatToRawIntBits(w[i])) {
                differ++;
                double step = e5m2Spacing(Math.max(Math.abs(w[i]), Math.abs(g[i])));
                assertTrue(Math.abs(g[i] - (double) w[i]) <= step, what + "[" + i + "]: machine " + g[i] + ", reference "
                        + w[i] + " (more than one E5M2 step apart)");
            }
        }
        assertTrue(differ <= w.length / 1000, what + ": " + differ + " of " + w.length + " elements differ from the reference");
    }
}
