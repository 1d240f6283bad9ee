package io.github.fp8sim.workloads.models;

import static io.github.fp8sim.workloads.models.ModelCounts.macs;
import static io.github.fp8sim.workloads.models.ModelCounts.nodeMacs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilderTestAccess;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * Transformer MACs against closed forms from Vaswani et al. 2017, with sequence length T, width D,
 * feed-forward width F, h heads of D/h:
 * <ul>
 *   <li>projections Q, K, V, O: each T rows x D x D;</li>
 *   <li>scores Q K^T: h heads x T x T x D/h = T^2 D; context P V the same;</li>
 *   <li>feed-forward: T x D x F twice.</li>
 * </ul>
 * Per token of an encoder layer: 4 D^2 + 2 T D + 2 D F.
 */
class TransformerTest {

    /** Per-token MACs of one encoder layer at sequence length t. */
    private static long encoderPerToken(long t, long d, long f) {
        return 4 * d * d + 2 * t * d + 2 * d * f;
    }

    /** One decoder layer: causal self-attention over tt, cross-attention to ts memory tokens, FFN. */
    private static long decoderLayer(long tt, long ts, long d, long f) {
        long self = 4 * tt * d * d + 2 * tt * tt * d;
        long cross = 2 * tt * d * d      // Q from the decoder, output projection
                + 2 * ts * d * d         // K and V from the encoder memory
                + 2 * tt * ts * d;       // scores and context
        return self + cross + 2 * tt * d * f;
    }

    private static long total(long layersE, long layersD, long ts, long tt, long d, long f, long v) {
        return layersE * ts * encoderPerToken(ts, d, f) + layersD * decoderLayer(tt, ts, d, f) + tt * d * v;
    }

    /** Parameters: shared embedding, per encoder layer 4 D^2 + FFN + 2 LayerNorms, decoder 8 D^2 + FFN + 3. */
    private static long params(long layersE, long layersD, long d, long f, long v) {
        long ffn = d * f + f + f * d + d;
        return v * d + layersE * (4 * d * d + ffn + 2 * 2 * d) + layersD * (8 * d * d + ffn + 3 * 2 * d);
    }

    @Test
    void baseAtDefaultLength() {
        Graph g = Transformer.build(Transformer.base(1));
        long t = 128;
        long d = 512;
        long f = 2048;
        // 1,048,576 + 131,072 + 2,097,152 per token.
        assertEquals(3_276_800L, encoderPerToken(t, d, f));
        for (int i = 0; i < 6; i++) {
            assertEquals(t * encoderPerToken(t, d, f), macs(g, "encoder.layers." + i + "."));
            assertEquals(decoderLayer(t, t, d, f), macs(g, "decoder.layers." + i + "."));
        }
        assertEquals(570_425_344L, decoderLayer(t, t, d, f));
        assertEquals(t * d * 37000, nodeMacs(g, "logits"));
        assertEquals(t * d * d, nodeMacs(g, "encoder.layers.0.self_attn.q_proj"));
        assertEquals(8 * t * t * 64, nodeMacs(g, "encoder.layers.0.self_attn.scores"));
        assertEquals(total(6, 6, t, t, d, f, 37000), g.totalMacs());
        assertEquals(8_363_966_464L, g.totalMacs());
        assertEquals(params(6, 6, d, f, 37000), g.parameterCount());
        assertEquals(63_045_632L, g.parameterCount());
        assertEquals(TensorShape.of(1, 128, 37000), g.tensor("logits").orElseThrow().shape());
        assertEquals(TensorShape.of(1, 8, 128, 128), g.tensor("decoder.layers.5.self_attn.softmax").orElseThrow().shape());
        GraphBuilderTestAccess.assertValidOrder(g);
    }

    @Test
    void onlyDecoderSelfAttentionIsMasked() {
        Graph g = Transformer.build(Transformer.tiny(1));
        long masks = g.nodes().stream().filter(n -> n.op() instanceof CausalMask).count();
        assertEquals(2, masks);
        assertTrue(g.nodes().stream().filter(n -> n.op() instanceof CausalMask)
                .allMatch(n -> n.name().matches("decoder\\.layers\\.\\d+\\.self_attn\\.mask")));
    }

    @Test
    void tinyAndOtherShapesFollowTheSameClosedForm() {
        Graph tiny = Transformer.build(Transformer.tiny(1));
        assertEquals(total(2, 2, 8, 8, 32, 64, 64), tiny.totalMacs());
        assertEquals(params(2, 2, 32, 64, 64), tiny.parameterCount());

        // Different source and target lengths exercise the cross-attention's Tt x Ts terms; batch 3 scales all.
        Transformer.Config c = Transformer.tiny(3).withLengths(5, 11).withVocab(100);
        assertEquals(3 * total(2, 2, 5, 11, 32, 64, 100), Transformer.build(c).totalMacs());
        assertThrows(IllegalArgumentException.class,
                () -> new Transformer.Config("x", 1, 1, 30, 4, 8, 10, 2, 2, 1, true));
    }
}
