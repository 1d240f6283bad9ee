package io.github.fp8sim.workloads.models;

import static io.github.fp8sim.workloads.models.ModelCounts.nodeMacs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilderTestAccess;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * GNMT MACs against closed forms from Wu et al. 2016 section 3: an LSTM layer with input width i and h
 * units does {@code 4 gates x (i + h) x h} MACs per step per sentence. With embedding E, hidden H,
 * attention A, vocabulary V:
 * <ul>
 *   <li>encoder step: layer 0 forward and backward over E, layer 1 over the concatenated 2H, the rest over H;</li>
 *   <li>decoder step: layer 0 over E + H (embedding and context), the rest over 2H (lower output and context);</li>
 *   <li>attention: W_k x_t once per sentence (Ts H A), then per step the query (H A), the scores (Ts A) and
 *       the context (Ts H);</li>
 *   <li>classifier: H V per target token.</li>
 * </ul>
 */
class GnmtTest {

    private static long lstm(long in, long h) {
        return 4 * (in + h) * h;
    }

    private static long encoderStep(int layers, long e, long h) {
        return 2 * lstm(e, h) + lstm(2 * h, h) + (layers - 2) * lstm(h, h);
    }

    private static long decoderStep(int layers, long e, long h) {
        return lstm(e + h, h) + (layers - 1) * lstm(2 * h, h);
    }

    private static long total(int le, int ld, long e, long h, long a, long v, long ts, long tt) {
        long attention = ts * h * a + tt * (h * a + ts * a + ts * h);
        return ts * encoderStep(le, e, h) + tt * decoderStep(ld, e, h) + attention + tt * h * v;
    }

    @Test
    void publishedShapePerStep() {
        Graph g = Gnmt.build(Gnmt.published(1));
        // 4 x (1024 + 1024) x 1024 per direction of layer 0, 4 x 3072 x 1024 for layer 1, 4 x 2048 x 1024 above.
        assertEquals(8_388_608L, lstm(1024, 1024));
        assertEquals(12_582_912L, lstm(2048, 1024));
        for (int t : new int[] {0, 17, 49}) {
            long enc = nodeMacs(g, "encoder.layers.0.fwd.t" + t) + nodeMacs(g, "encoder.layers.0.bwd.t" + t);
            long dec = 0;
            for (int l = 1; l < 8; l++) {
                enc += nodeMacs(g, "encoder.layers." + l + ".t" + t);
            }
            for (int l = 0; l < 8; l++) {
                dec += nodeMacs(g, "decoder.layers." + l + ".t" + t);
            }
            assertEquals(encoderStep(8, 1024, 1024), enc);
            assertEquals(79_691_776L, enc);
            assertEquals(decoderStep(8, 1024, 1024), dec);
            assertEquals(100_663_296L, dec);
        }
        assertEquals(50L * 1024 * 1024, nodeMacs(g, "decoder.attention.keys"));
        assertEquals(1024L * 1024, nodeMacs(g, "decoder.attention.t3.query"));
        assertEquals(50L * 1024, nodeMacs(g, "decoder.attention.t3.score"));
        assertEquals(50L * 1024, nodeMacs(g, "decoder.attention.t3.context3"));
        assertEquals(total(8, 8, 1024, 1024, 1024, 32000, 50, 50), g.totalMacs());
        assertEquals(10_766_131_200L, g.totalMacs());
        assertEquals(TensorShape.of(1, 50, 32000), g.tensor("logits").orElseThrow().shape());
        assertEquals(TensorShape.of(1, 50, 1024), g.tensor("encoder.memory").orElseThrow().shape());
        GraphBuilderTestAccess.assertValidOrder(g);
    }

    @Test
    void publishedParameterCount() {
        long v = 32000;
        long h = 1024;
        long embeddings = 2 * v * h;
        long encoder = 2 * (lstm(h, h) + 4 * h) + (lstm(2 * h, h) + 4 * h) + 6 * (lstm(h, h) + 4 * h);
        long decoder = (lstm(2 * h, h) + 4 * h) + 7 * (lstm(2 * h, h) + 4 * h);
        long attention = 2 * h * h + h + h;
        long classifier = v * h + v;
        Graph g = Gnmt.build(Gnmt.published(1));
        assertEquals(embeddings + encoder + decoder + attention + classifier, g.parameterCount());
        assertEquals(280_859_904L, g.parameterCount());
    }

    @Test
    void tinyAndBatchFollowTheSameClosedForm() {
        assertEquals(total(3, 3, 32, 32, 32, 64, 6, 6), Gnmt.build(Gnmt.tiny(1)).totalMacs());
        Gnmt.Config c = Gnmt.tiny(2).withLengths(4, 7).withVocab(50);
        assertEquals(2 * total(3, 3, 32, 32, 32, 50, 4, 7), Gnmt.build(c).totalMacs());
        // Residuals start at layer 2: a 3-layer encoder has exactly one per step.
        Graph g = Gnmt.build(Gnmt.tiny(1));
        assertEquals(6, g.nodes().stream().filter(n -> n.name().startsWith("encoder.layers.2.residual.")).count());
        assertEquals(0, g.nodes().stream().filter(n -> n.name().startsWith("encoder.layers.1.residual.")).count());
        assertThrows(IllegalArgumentException.class,
                () -> new Gnmt.Config("x", 1, 1, 8, 8, 8, 10, 2, 2, 1, 2, true));
        assertThrows(IllegalArgumentException.class,
                () -> new Gnmt.Config("x", 2, 1, 8, 8, 8, 10, 2, 2, 1, 1, true));
    }
}
