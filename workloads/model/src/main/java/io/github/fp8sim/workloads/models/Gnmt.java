package io.github.fp8sim.workloads.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * GNMT, the LSTM encoder-decoder with attention of Wu et al., "Google's Neural Machine Translation System",
 * arXiv:1609.08144 (2016), section 3 and figure 1, as a training graph with teacher forcing, unrolled over
 * time: source ids {@code src [B, Ts]} and shifted target ids {@code tgt [B, Tt]} in, {@code logits [B, Tt, V]}
 * and the cross-entropy {@code loss} against {@code labels [B*Tt]} out; a label that is
 * {@link SpecialTokens#PAD} (padding after the end of a shorter sentence) is left out of the loss.
 *
 * <ul>
 *   <li>Encoder: layer 0 is bidirectional (a forward and a backward LSTM over the embeddings, each with
 *       {@code hidden} units, outputs concatenated to 2 hidden); layers 1.. are forward LSTMs; from layer
 *       {@code residualFrom} (0-based; 2 in the paper: "the third layer from the bottom") each layer's
 *       input is added to its output (section 3.1).</li>
 *   <li>Attention (eq. 4-6): {@code s_t = v^T tanh(W_k x_t + W_q y + b)}, a feed-forward network with one
 *       hidden layer of {@code attention} units; {@code p = softmax(s)}; context {@code a = sum_t p_t x_t}
 *       over the top encoder outputs {@code x_t}. The query {@code y} is the bottom decoder layer's output
 *       from the previous step (zero at step 0), as the paper's implementation note says; {@code W_k x_t} is
 *       computed once per sentence.</li>
 *   <li>Decoder: every layer's input is its lower layer's output (the target embedding for layer 0)
 *       concatenated with the step's context (the context "is sent to all of the decoder layers"); residuals
 *       as in the encoder; the top layer's outputs go through a linear classifier with bias to the vocabulary.</li>
 * </ul>
 *
 * Simplifications: no dropout; no length normalisation, coverage penalty or beam search (inference-only);
 * every sentence is full length (no padding mask); separate source and target embeddings; zero initial
 * states. Initialisation: LSTM weights and embeddings uniform on [-0.04, 0.04] (section 8.1), attention and
 * classifier Xavier uniform, biases 0.
 */
public final class Gnmt {

    /**
     * A GNMT's shape.
     *
     * @param name          the graph's name
     * @param encoderLayers encoder layers including the bidirectional one, {@code >= 2}
     * @param decoderLayers decoder layers, {@code >= 1}
     * @param hidden        LSTM units per layer (per direction in encoder layer 0)
     * @param embed         embedding width
     * @param attention     the attention network's hidden units
     * @param vocab         vocabulary size (source and target)
     * @param srcLen        source tokens per sentence
     * @param tgtLen        target tokens per sentence
     * @param batch         sentences per batch
     * @param residualFrom  the first layer (0-based) with a residual connection, {@code >= 2} (layer 1's input
     *                      is 2 hidden wide, so it cannot have one)
     * @param withLoss      add {@code labels} and the cross-entropy {@code loss}
     */
    public record Config(String name, int encoderLayers, int decoderLayers, int hidden, int embed, int attention,
            int vocab, int srcLen, int tgtLen, int batch, int residualFrom, boolean withLoss) {

        public Config {
            Objects.requireNonNull(name, "name");
            if (encoderLayers < 2) {
                throw new IllegalArgumentException("encoderLayers must be >= 2 (a bidirectional layer and one more), got "
                        + encoderLayers);
            }
            Models.positive(decoderLayers, "decoderLayers");
            Models.positive(hidden, "hidden");
            Models.positive(embed, "embed");
            Models.positive(attention, "attention");
            Models.positive(vocab, "vocab");
            Models.positive(srcLen, "srcLen");
            Models.positive(tgtLen, "tgtLen");
            Models.positive(batch, "batch");
            if (residualFrom < 2) {
                throw new IllegalArgumentException("residualFrom must be >= 2, got " + residualFrom);
            }
        }

        /** This configuration with another batch size. */
        public Config withBatch(int b) {
            return new Config(name, encoderLayers, decoderLayers, hidden, embed, attention, vocab, srcLen, tgtLen, b,
                    residualFrom, withLoss);
        }

        /** This configuration with other sentence lengths. */
        public Config withLengths(int src, int tgt) {
            return new Config(name, encoderLayers, decoderLayers, hidden, embed, attention, vocab, src, tgt, batch,
                    residualFrom, withLoss);
        }

        /** This configuration with another vocabulary size. */
        public Config withVocab(int v) {
            return new Config(name, encoderLayers, decoderLayers, hidden, embed, attention, v, srcLen, tgtLen, batch,
                    residualFrom, withLoss);
        }
    }

    /**
     * Default sentence length, both sides: 50 tokens, the longest training sentence of the MLPerf GNMT
     * reference (the paper gives no fixed length).
     */
    public static final int DEFAULT_SEQ_LEN = 50;
    /** Default vocabulary: 32K wordpieces (Wu et al. section 4.1; the WMT experiments use 32K). */
    public static final int DEFAULT_VOCAB = 32000;
    /** LSTM and embedding initialisation bound (section 8.1). */
    private static final double UNIFORM_BOUND = 0.04;

    private Gnmt() {}

    /** The published shape: 8 encoder + 8 decoder layers of 1024 units, 1024-wide embeddings and attention. */
    public static Config published(int batch) {
        return new Config("gnmt", 8, 8, 1024, 1024, 1024, DEFAULT_VOCAB, DEFAULT_SEQ_LEN, DEFAULT_SEQ_LEN, batch, 2, true);
    }

    /** A small one for functional tests: 3 + 3 layers of 32 units, vocabulary 64, 6 tokens. */
    public static Config tiny(int batch) {
        return new Config("gnmt-tiny", 3, 3, 32, 32, 32, 64, 6, 6, batch, 2, true);
    }

    /** The graph of {@code c}. */
    public static Graph build(Config c) {
        GraphBuilder b = new GraphBuilder(c.name());
        int batch = c.batch();
        int h = c.hidden();
        Tensor src = b.input("src", TensorShape.of(batch, c.srcLen()), TensorClass.INDEX);
        Tensor tgt = b.input("tgt", TensorShape.of(batch, c.tgtLen()), TensorClass.INDEX);
        Tensor zero = b.node("zero_state", Fill.zeros(TensorShape.of(batch, h)));

        // Encoder.
        List<Tensor> x = steps(b, "encoder", src, c);
        LstmWeights fwd = lstmWeights(b, "encoder.layers.0.fwd", c.embed(), h);
        LstmWeights bwd = lstmWeights(b, "encoder.layers.0.bwd", c.embed(), h);
        Tensor[] fwdOut = run(b, "encoder.layers.0.fwd", x, fwd, zero, false);
        Tensor[] bwdOut = run(b, "encoder.layers.0.bwd", x, bwd, zero, true);
        List<Tensor> layer = new ArrayList<>();
        for (int t = 0; t < c.srcLen(); t++) {
            layer.add(b.node("encoder.layers.0.out.t" + t, new Concat(-1), fwdOut[t], bwdOut[t]));
        }
        for (int l = 1; l < c.encoderLayers(); l++) {
            String p = "encoder.layers." + l;
            LstmWeights w = lstmWeights(b, p, layer.get(0).shape().dim(1), h);
            Tensor[] out = run(b, p, layer, w, zero, false);
            List<Tensor> next = new ArrayList<>();
            for (int t = 0; t < c.srcLen(); t++) {
                next.add(l >= c.residualFrom() ? b.node(p + ".residual.t" + t, new Add(), out[t], layer.get(t)) : out[t]);
            }
            layer = next;
        }
        Tensor memory = stack(b, "encoder.memory", layer);

        // Attention weights; the key projection W_k x_t is the same at every decoder step.
        Tensor wKey = b.parameter("decoder.attention.key.weight", TensorShape.of(c.attention(), h), TensorClass.WEIGHT,
                new Init.XavierUniform(h, c.attention()));
        Tensor wQuery = b.parameter("decoder.attention.query.weight", TensorShape.of(c.attention(), h),
                TensorClass.WEIGHT, new Init.XavierUniform(h, c.attention()));
        Tensor bQuery = b.parameter("decoder.attention.query.bias", TensorShape.of(c.attention()), TensorClass.BIAS,
                Init.zeros());
        Tensor v = b.parameter("decoder.attention.v.weight", TensorShape.of(1, c.attention()), TensorClass.WEIGHT,
                new Init.XavierUniform(c.attention(), 1));
        Tensor keys = b.node("decoder.attention.keys", new Linear(false), memory, wKey);

        // Decoder, one step at a time: attention from the previous bottom output, then the layers.
        List<Tensor> y = steps(b, "decoder", tgt, c);
        List<LstmWeights> dec = new ArrayList<>();
        for (int l = 0; l < c.decoderLayers(); l++) {
            dec.add(lstmWeights(b, "decoder.layers." + l, (l == 0 ? c.embed() : h) + h, h));
        }
        Tensor[] hState = new Tensor[c.decoderLayers()];
        Tensor[] cState = new Tensor[c.decoderLayers()];
        java.util.Arrays.fill(hState, zero);
        java.util.Arrays.fill(cState, zero);
        List<Tensor> top = new ArrayList<>();
        for (int i = 0; i < c.tgtLen(); i++) {
            String a = "decoder.attention.t" + i;
            Tensor q = b.node(a + ".query", new Linear(true), hState[0], wQuery, bQuery);
            q = b.node(a + ".query3", new Reshape(TensorShape.of(batch, 1, c.attention())), q);
            Tensor hid = b.node(a + ".tanh", new Tanh(), b.node(a + ".hidden", new Add(), keys, q));
            Tensor s = b.node(a + ".score", new Linear(false), hid, v);
            s = b.node(a + ".score_row", new Reshape(TensorShape.of(batch, 1, c.srcLen())), s);
            Tensor p = b.node(a + ".softmax", new Softmax(-1), s);
            Tensor ctx = b.node(a + ".context3", new MatMul(false, false), p, memory);
            ctx = b.node(a + ".context", new Reshape(TensorShape.of(batch, h)), ctx);

            Tensor in = y.get(i);
            for (int l = 0; l < c.decoderLayers(); l++) {
                String p2 = "decoder.layers." + l + ".t" + i;
                Tensor joined = b.node(p2 + ".in", new Concat(-1), in, ctx);
                LstmWeights w = dec.get(l);
                List<Tensor> hc = b.nodeOutputs(p2, new LstmCell(), joined, hState[l], cState[l], w.wIh, w.wHh, w.bias);
                hState[l] = hc.get(0);
                cState[l] = hc.get(1);
                in = l >= c.residualFrom() ? b.node(p2 + ".residual", new Add(), hc.get(0), in) : hc.get(0);
            }
            top.add(in);
        }
        Tensor outputs = stack(b, "decoder.outputs", top);
        Tensor wOut = b.parameter("decoder.classifier.weight", TensorShape.of(c.vocab(), h), TensorClass.WEIGHT,
                new Init.XavierUniform(h, c.vocab()));
        Tensor bOut = b.parameter("decoder.classifier.bias", TensorShape.of(c.vocab()), TensorClass.BIAS, Init.zeros());
        Tensor logits = b.node("logits", new Linear(true), outputs, wOut, bOut);
        b.output(logits);
        if (c.withLoss()) {
            int rows = batch * c.tgtLen();
            Tensor labels = b.input("labels", TensorShape.of(rows), TensorClass.INDEX);
            Tensor flat = b.node("logits_flat", new Reshape(TensorShape.of(rows, c.vocab())), logits);
            b.output(b.node("loss", new CrossEntropy(SpecialTokens.PAD), flat, labels));
        }
        return b.build();
    }

    private record LstmWeights(Tensor wIh, Tensor wHh, Tensor bias) {}

    private static LstmWeights lstmWeights(GraphBuilder b, String p, int in, int h) {
        Init u = new Init.Uniform(UNIFORM_BOUND);
        return new LstmWeights(
                b.parameter(p + ".w_ih", TensorShape.of(4 * h, in), TensorClass.WEIGHT, u),
                b.parameter(p + ".w_hh", TensorShape.of(4 * h, h), TensorClass.WEIGHT, u),
                b.parameter(p + ".bias", TensorShape.of(4 * h), TensorClass.BIAS, Init.zeros()));
    }

    /** Embeds {@code ids [B, T]} and splits the result into T tensors {@code [B, E]}. */
    private static List<Tensor> steps(GraphBuilder b, String side, Tensor ids, Config c) {
        int len = ids.shape().dim(1);
        Tensor table = b.parameter(side + ".embed.weight", TensorShape.of(c.vocab(), c.embed()), TensorClass.WEIGHT,
                new Init.Uniform(UNIFORM_BOUND));
        Tensor e = b.node(side + ".embed", new Embedding(), ids, table);
        List<Tensor> out = new ArrayList<>();
        for (int t = 0; t < len; t++) {
            Tensor s = b.node(side + ".x.t" + t, new Slice(1, t, t + 1), e);
            out.add(b.node(side + ".x.t" + t + ".flat", new Reshape(TensorShape.of(c.batch(), c.embed())), s));
        }
        return out;
    }

    /** One LSTM layer over all steps (in reverse for a backward direction); the outputs in time order. */
    private static Tensor[] run(GraphBuilder b, String p, List<Tensor> in, LstmWeights w, Tensor zero, boolean reverse) {
        Tensor[] out = new Tensor[in.size()];
        Tensor hs = zero;
        Tensor cs = zero;
        for (int k = 0; k < in.size(); k++) {
            int t = reverse ? in.size() - 1 - k : k;
            List<Tensor> hc = b.nodeOutputs(p + ".t" + t, new LstmCell(), in.get(t), hs, cs, w.wIh, w.wHh, w.bias);
            hs = hc.get(0);
            cs = hc.get(1);
            out[t] = hs;
        }
        return out;
    }

    /** T tensors {@code [B, H]} to one {@code [B, T, H]}. */
    private static Tensor stack(GraphBuilder b, String name, List<Tensor> steps) {
        Tensor[] rows = new Tensor[steps.size()];
        for (int t = 0; t < rows.length; t++) {
            TensorShape s = steps.get(t).shape();
            rows[t] = b.node(name + ".t" + t, new Reshape(TensorShape.of(s.dim(0), 1, s.dim(1))), steps.get(t));
        }
        return b.node(name, new Concat(1), rows);
    }
}
