package io.github.fp8sim.workloads.models;

import java.util.Objects;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;

/**
 * The encoder-decoder Transformer of Vaswani et al., "Attention Is All You Need", NeurIPS 2017, as a
 * training graph with teacher forcing: source ids {@code src [B, Ts]} and shifted target ids
 * {@code tgt [B, Tt]} in, {@code logits [B, Tt, V]} and the cross-entropy {@code loss} against
 * {@code labels [B*Tt]} out; a label that is
 * {@link SpecialTokens#PAD} (padding after the end of a shorter sentence) is left out of the loss.
 *
 * <p>As in the paper: post-LN sublayers {@code LayerNorm(x + Sublayer(x))} (section 3.1); scaled dot-product
 * attention with {@code h} heads of {@code d_k = d_model / h} (3.2); ReLU feed-forward with biases (eq. 2);
 * one embedding matrix shared by source, target and the pre-softmax projection, scaled by
 * {@code sqrt(d_model)} (3.4); sinusoidal positions (3.5). Simplifications: no dropout or label smoothing
 * (training-time regularisers that add no MACs); attention projections have no bias (the paper's
 * equations have none, tensor2tensor's code neither); no padding mask (every sequence is full length).
 * Initialisation: Xavier uniform for projections, normal with std {@code d_model^-1/2} for the embedding,
 * LayerNorm gamma 1 and beta 0, biases 0.
 */
public final class Transformer {

    /**
     * A Transformer's shape.
     *
     * @param name          the graph's name
     * @param encoderLayers N for the encoder
     * @param decoderLayers N for the decoder
     * @param dModel        model width
     * @param heads         attention heads; must divide {@code dModel}
     * @param dFF           feed-forward inner width
     * @param vocab         shared source/target vocabulary size
     * @param srcLen        source tokens per sequence
     * @param tgtLen        target tokens per sequence
     * @param batch         sequences per batch
     * @param withLoss      add {@code labels} and the cross-entropy {@code loss}
     */
    public record Config(String name, int encoderLayers, int decoderLayers, int dModel, int heads, int dFF, int vocab,
            int srcLen, int tgtLen, int batch, boolean withLoss) {

        public Config {
            Objects.requireNonNull(name, "name");
            Models.positive(encoderLayers, "encoderLayers");
            Models.positive(decoderLayers, "decoderLayers");
            Models.positive(dModel, "dModel");
            Models.positive(heads, "heads");
            Models.positive(dFF, "dFF");
            Models.positive(vocab, "vocab");
            Models.positive(srcLen, "srcLen");
            Models.positive(tgtLen, "tgtLen");
            Models.positive(batch, "batch");
            if (dModel % heads != 0 || dModel % 2 != 0) {
                throw new IllegalArgumentException("dModel " + dModel + " must be even and divisible by heads " + heads);
            }
        }

        /** This configuration with another batch size. */
        public Config withBatch(int b) {
            return new Config(name, encoderLayers, decoderLayers, dModel, heads, dFF, vocab, srcLen, tgtLen, b, withLoss);
        }

        /** This configuration with other sequence lengths. */
        public Config withLengths(int src, int tgt) {
            return new Config(name, encoderLayers, decoderLayers, dModel, heads, dFF, vocab, src, tgt, batch, withLoss);
        }

        /** This configuration with another vocabulary size. */
        public Config withVocab(int v) {
            return new Config(name, encoderLayers, decoderLayers, dModel, heads, dFF, v, srcLen, tgtLen, batch, withLoss);
        }
    }

    /**
     * Default sequence length for the base model: 128 tokens each side. The paper has no fixed length
     * (batches of about 25000 tokens, section 5.1); 128 is a common benchmark length.
     */
    public static final int BASE_SEQ_LEN = 128;
    /** Default vocabulary: "a shared source-target vocabulary of about 37000 tokens" (WMT EN-DE BPE, section 5.1). */
    public static final int BASE_VOCAB = 37000;
    private static final double LN_EPS = 1e-5;

    private Transformer() {}

    /** Transformer base (table 3): N = 6, d_model 512, d_ff 2048, h = 8, at the default length and vocabulary. */
    public static Config base(int batch) {
        return new Config("transformer", 6, 6, 512, 8, 2048, BASE_VOCAB, BASE_SEQ_LEN, BASE_SEQ_LEN, batch, true);
    }

    /** A small one for functional tests: 2 + 2 layers, d_model 32, 4 heads, d_ff 64, vocabulary 64, 8 tokens. */
    public static Config tiny(int batch) {
        return new Config("transformer-tiny", 2, 2, 32, 4, 64, 64, 8, 8, batch, true);
    }

    /** The graph of {@code c}. */
    public static Graph build(Config c) {
        GraphBuilder b = new GraphBuilder(c.name());
        int d = c.dModel();
        Tensor src = b.input("src", TensorShape.of(c.batch(), c.srcLen()), TensorClass.INDEX);
        Tensor tgt = b.input("tgt", TensorShape.of(c.batch(), c.tgtLen()), TensorClass.INDEX);
        Tensor embed = b.parameter("embed.weight", TensorShape.of(c.vocab(), d), TensorClass.WEIGHT,
                new Init.Normal(1.0 / Math.sqrt(d)));

        Tensor x = embed(b, "encoder", src, embed, d);
        for (int i = 0; i < c.encoderLayers(); i++) {
            String p = "encoder.layers." + i;
            x = sublayer(b, p + ".norm1", x, attention(b, p + ".self_attn", x, x, c, false));
            x = sublayer(b, p + ".norm2", x, feedForward(b, p, x, c));
        }
        Tensor memory = x;

        Tensor y = embed(b, "decoder", tgt, embed, d);
        for (int i = 0; i < c.decoderLayers(); i++) {
            String p = "decoder.layers." + i;
            y = sublayer(b, p + ".norm1", y, attention(b, p + ".self_attn", y, y, c, true));
            y = sublayer(b, p + ".norm2", y, attention(b, p + ".cross_attn", y, memory, c, false));
            y = sublayer(b, p + ".norm3", y, feedForward(b, p, y, c));
        }
        // Pre-softmax projection shares the embedding matrix (section 3.4): [V, d] is Linear's [out, in].
        Tensor logits = b.node("logits", new Linear(false), y, embed);
        b.output(logits);
        if (c.withLoss()) {
            int rows = c.batch() * c.tgtLen();
            Tensor labels = b.input("labels", TensorShape.of(rows), TensorClass.INDEX);
            Tensor flat = b.node("logits_flat", new Reshape(TensorShape.of(rows, c.vocab())), logits);
            b.output(b.node("loss", new CrossEntropy(SpecialTokens.PAD), flat, labels));
        }
        return b.build();
    }

    /** Embedding lookup, times sqrt(d_model), plus positions. */
    private static Tensor embed(GraphBuilder b, String side, Tensor ids, Tensor table, int d) {
        Tensor e = b.node(side + ".embed", new Embedding(), ids, table);
        e = b.node(side + ".embed_scale", new Scale(Math.sqrt(d)), e);
        return b.node(side + ".posenc", new PositionalEncoding(), e);
    }

    /** {@code LayerNorm(x + sub)}. */
    private static Tensor sublayer(GraphBuilder b, String norm, Tensor x, Tensor sub) {
        Tensor sum = b.node(norm + ".residual", new Add(), x, sub);
        return layerNorm(b, norm, sum);
    }

    /**
     * Multi-head attention (section 3.2.2): queries from {@code xq [B, Tq, d]}, keys and values from
     * {@code xkv [B, Tk, d]}; each projection is split into h heads {@code [B, h, T, d_k]}, scores
     * {@code Q K^T / sqrt(d_k)} are masked for the decoder's self-attention, softmax-ed and applied to V,
     * then the heads are joined and projected.
     */
    private static Tensor attention(GraphBuilder b, String p, Tensor xq, Tensor xkv, Config c, boolean causal) {
        int d = c.dModel();
        int h = c.heads();
        int dk = d / h;
        int batch = xq.shape().dim(0);
        int tq = xq.shape().dim(1);
        int tk = xkv.shape().dim(1);
        Tensor q = heads(b, p + ".q", project(b, p + ".q_proj", xq, d), batch, tq, h, dk);
        Tensor k = heads(b, p + ".k", project(b, p + ".k_proj", xkv, d), batch, tk, h, dk);
        Tensor v = heads(b, p + ".v", project(b, p + ".v_proj", xkv, d), batch, tk, h, dk);
        Tensor s = b.node(p + ".scores", new MatMul(false, true), q, k);
        s = b.node(p + ".scale", new Scale(1.0 / Math.sqrt(dk)), s);
        if (causal) {
            s = b.node(p + ".mask", new CausalMask(), s);
        }
        Tensor probs = b.node(p + ".softmax", new Softmax(-1), s);
        Tensor o = b.node(p + ".context", new MatMul(false, false), probs, v);
        o = b.node(p + ".merge", Transpose.of(0, 2, 1, 3), o);
        o = b.node(p + ".concat", new Reshape(TensorShape.of(batch, tq, d)), o);
        return project(b, p + ".out_proj", o, d);
    }

    /** {@code [B, T, d]} to {@code [B, h, T, d_k]}. */
    private static Tensor heads(GraphBuilder b, String p, Tensor x, int batch, int t, int h, int dk) {
        Tensor r = b.node(p + "_heads", new Reshape(TensorShape.of(batch, t, h, dk)), x);
        return b.node(p + "_split", Transpose.of(0, 2, 1, 3), r);
    }

    /** A bias-free d x d projection, Xavier uniform. */
    private static Tensor project(GraphBuilder b, String name, Tensor x, int d) {
        Tensor w = b.parameter(name + ".weight", TensorShape.of(d, d), TensorClass.WEIGHT, new Init.XavierUniform(d, d));
        return b.node(name, new Linear(false), x, w);
    }

    /** {@code FFN(x) = max(0, x W1 + b1) W2 + b2} (eq. 2). */
    private static Tensor feedForward(GraphBuilder b, String p, Tensor x, Config c) {
        Tensor h = linear(b, p + ".fc1", x, c.dModel(), c.dFF());
        h = b.node(p + ".relu", new Relu(), h);
        return linear(b, p + ".fc2", h, c.dFF(), c.dModel());
    }

    private static Tensor linear(GraphBuilder b, String name, Tensor x, int in, int out) {
        Tensor w = b.parameter(name + ".weight", TensorShape.of(out, in), TensorClass.WEIGHT, new Init.XavierUniform(in, out));
        Tensor bias = b.parameter(name + ".bias", TensorShape.of(out), TensorClass.BIAS, Init.zeros());
        return b.node(name, new Linear(true), x, w, bias);
    }

    private static Tensor layerNorm(GraphBuilder b, String name, Tensor x) {
        TensorShape d = TensorShape.of(x.shape().dim(-1));
        Tensor gamma = b.parameter(name + ".weight", d, TensorClass.NORM_PARAM, Init.ones());
        Tensor beta = b.parameter(name + ".bias", d, TensorClass.NORM_PARAM, Init.zeros());
        return b.node(name, new LayerNorm(LN_EPS), x, gamma, beta);
    }
}
