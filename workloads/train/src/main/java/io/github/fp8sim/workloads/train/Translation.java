package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.github.fp8sim.workloads.data.TranslationCorpus;
import io.github.fp8sim.workloads.data.Vocabulary;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.metrics.Bleu;
import io.github.fp8sim.workloads.metrics.AccuracyMetrics;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Translation with teacher forcing: an encoder-decoder graph with inputs {@code src [B, Ts]},
 * {@code tgt [B, Tt]} and {@code labels [B*Tt]} and output {@code logits [B, Tt, V]}, trained on the
 * target shifted by one; scored by corpus BLEU-4 (0..100, {@link Bleu#corpusMulti}) of greedy decoding
 * of each held-out source against all its held-out translations.
 *
 * <p>Greedy decoding runs the same fixed-length graph once per output position: the decoder input
 * starts as {@code BOS, PAD...}; after pass t the most likely token at position t (the first on a tie)
 * is written to position t + 1. The decoder's causal mask makes positions beyond t irrelevant to
 * position t, so this equals step-by-step decoding. A sequence ends at EOS (or PAD), or after Tt tokens.
 *
 * @param model  the model (with its loss) for a batch size, sized for the corpus's vocabulary and lengths
 * @param corpus the encoded training pairs and the grouped test set
 */
public record Translation(IntFunction<Graph> model, TranslationCorpus corpus) implements TrainingTask {

    @Override
    public Graph graph(int batch) {
        return model.apply(batch);
    }

    @Override
    public int trainSize() {
        return corpus.trainSources().size();
    }

    @Override
    public Map<String, FloatTensor> trainBatch(int[] examples) {
        int b = examples.length;
        int ts = corpus.sourceLength();
        int tt = corpus.targetLength();
        float[] src = new float[b * ts];
        float[] tgt = new float[b * tt];
        float[] labels = new float[b * tt];
        for (int i = 0; i < b; i++) {
            int[] s = corpus.trainSources().get(examples[i]);
            int[] t = corpus.trainTargets().get(examples[i]);
            for (int j = 0; j < ts; j++) {
                src[i * ts + j] = s[j];
            }
            for (int j = 0; j < tt; j++) {
                tgt[i * tt + j] = t[j];          // BOS y1 .. yn EOS PAD..., without the last
                labels[i * tt + j] = t[j + 1];   // y1 .. yn EOS PAD...: the next token at every position
            }
        }
        return Map.of("src", new FloatTensor(TensorShape.of(b, ts), src), "tgt", new FloatTensor(TensorShape.of(b, tt), tgt),
                "labels", new FloatTensor(TensorShape.of(b * tt), labels));
    }

    @Override
    public double evaluate(Inference inference, int batch) {
        return bleu(translate(inference, batch)).score();
    }

    /** The BLEU score of {@code hypotheses}, one per test source, against the test references. */
    public Bleu.Score bleu(List<List<String>> hypotheses) {
        return Bleu.corpusMulti(hypotheses, corpus.testReferences());
    }

    /** The greedy translation of every test source, in order. */
    public List<List<String>> translate(Inference inference, int batch) {
        Vocabulary v = corpus.vocabulary();
        List<List<String>> sources = corpus.testSources();
        int ts = corpus.sourceLength();
        int tt = corpus.targetLength();
        Map<Integer, Graph> graphs = new HashMap<>();
        List<List<String>> out = new ArrayList<>();
        for (int start = 0; start < sources.size(); start += batch) {
            int n = Math.min(batch, sources.size() - start);
            FloatTensor src = v.encodeBatch(sources.subList(start, start + n), ts);
            float[] tgt = new float[n * tt];
            int[][] ids = new int[n][tt];
            boolean[] done = new boolean[n];
            int[] length = new int[n];
            for (int i = 0; i < n; i++) {
                tgt[i * tt] = Vocabulary.BOS;
            }
            Graph g = graphs.computeIfAbsent(n, model::apply);
            for (int t = 0; t < tt; t++) {
                FloatTensor logits = inference.infer(g, Map.of("src", src, "tgt", new FloatTensor(TensorShape.of(n, tt), tgt.clone())))
                        .get("logits");
                int vocab = logits.shape().dim(2);
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    if (done[i]) {
                        continue;
                    }
                    int token = AccuracyMetrics.argmax(logits.data(), (i * tt + t) * vocab, vocab);
                    if (token == Vocabulary.EOS || token == Vocabulary.PAD) {
                        done[i] = true;
                        continue;
                    }
                    ids[i][length[i]++] = token;
                    if (t + 1 < tt) {
                        tgt[i * tt + t + 1] = token;
                    }
                    all = false;
                }
                if (all) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                out.add(v.decode(java.util.Arrays.copyOf(ids[i], length[i])));
            }
        }
        return out;
    }

    @Override
    public Metric metric() {
        return Metric.BLEU;
    }
}
