package io.github.fp8sim.workloads.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.Gnmt;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.api.Test;

/**
 * Whole-graph gradients against central finite differences of the FP32 loss: the op-level checks
 * (EveryOpGradientTest) compose through gnmt-tiny's embeddings, bidirectional and stacked LSTMs with
 * residuals, attention (Linear, Tanh, Softmax, batched MatMul) and the classifier.
 */
class WholeModelGradientTest {

    @Test
    void gnmtTinysGradientsAreTheLossesSlopes() {
        Graph g = Gnmt.build(Gnmt.tiny(2));
        Weights init = Weights.seeded(g, 1);
        Map<String, FloatTensor> params = new LinkedHashMap<>();
        for (Tensor t : g.parameters()) {
            float[] w = init.get(t).clone();
            // the published +-0.04 initialisation leaves gradients too small for an FP32 finite difference
            // to resolve; ten times larger weights keep every path's slope measurable
            for (int i = 0; i < w.length; i++) {
                w[i] *= 10;
            }
            params.put(t.name(), new FloatTensor(t.shape(), w));
        }
        SplittableRandom random = new SplittableRandom(7);
        int vocab = params.get("encoder.embed.weight").shape().dim(0);
        Map<String, FloatTensor> in = Map.of(
                "src", ids(g, "src", vocab, random), "tgt", ids(g, "tgt", vocab, random), "labels", ids(g, "labels", vocab, random));
        GradientResult r = new GraphGradients(g, params).numerics(OpNumerics.FP32).run(in, 1.0, false);

        int checked = 0;
        for (String name : List.of("decoder.attention.query.weight", "decoder.attention.key.weight", "decoder.attention.v.weight",
                "encoder.layers.2.w_ih", "encoder.layers.0.bwd.w_hh", "encoder.embed.weight", "decoder.layers.0.w_ih",
                "decoder.classifier.weight")) {
            float[] w = params.get(name).data();
            float[] grad = r.parameterGradient(name).data();
            int at = 0;
            for (int i = 0; i < grad.length; i++) {
                at = Math.abs(grad[i]) > Math.abs(grad[at]) ? i : at;
            }
            float old = w[at];
            float h = 1e-2f * Math.max(1e-2f, Math.abs(old));
            w[at] = old + h;
            double plus = new GraphGradients(g, params).numerics(OpNumerics.FP32).run(in, 1.0, false).loss();
            w[at] = old - h;
            double minus = new GraphGradients(g, params).numerics(OpNumerics.FP32).run(in, 1.0, false).loss();
            w[at] = old;
            double slope = (plus - minus) / ((double) (old + h) - (old - h));
            assertTrue(Math.abs(grad[at]) > 1e-4, name + ": gradient " + grad[at] + " too small to check");
            // central differences: O(h^2) truncation plus FP32 loss rounding (~1e-7 / h), well inside 3%
            assertEquals(slope, grad[at], 0.03 * Math.abs(slope), name + "[" + at + "]");
            checked++;
        }
        assertEquals(8, checked);
    }

    private static FloatTensor ids(Graph g, String input, int vocab, SplittableRandom random) {
        TensorShape shape = g.inputs().stream().filter(t -> t.name().equals(input)).findFirst().orElseThrow().shape();
        float[] v = new float[Math.toIntExact(shape.numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + random.nextInt(vocab - 1);     // no padding id (0): every position counts in the loss
        }
        return new FloatTensor(shape, v);
    }
}
