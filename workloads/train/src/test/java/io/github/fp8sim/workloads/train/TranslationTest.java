package io.github.fp8sim.workloads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.data.SentencePair;
import io.github.fp8sim.workloads.data.SentenceSplits;
import io.github.fp8sim.workloads.data.TranslationCorpus;
import io.github.fp8sim.workloads.data.Vocabulary;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** The translation task: teacher-forcing batches, and greedy decoding through a fixed-length graph. */
class TranslationTest {

    private static final List<SentencePair> TRAIN = List.of(
            new SentencePair("a b c", "x y z"), new SentencePair("b c", "y z"), new SentencePair("c a", "z x"));
    private static final List<SentencePair> TEST = List.of(
            new SentencePair("a b c a", "x y z x"), new SentencePair("c b", "z y"), new SentencePair("a b c a", "x y z x ."));

    private static Translation task() {
        TranslationCorpus corpus = TranslationCorpus.of(new SentenceSplits(TRAIN, TEST), 5, 1);
        return new Translation(b -> Transformer.build(Transformer.tiny(b).withVocab(corpus.vocabulary().size())
                .withLengths(corpus.sourceLength(), corpus.targetLength())), corpus);
    }

    @Test
    void aTrainingBatchFeedsTheTargetAndLabelsItShiftedByOne() {
        Translation task = task();
        Vocabulary v = task.corpus().vocabulary();
        Map<String, FloatTensor> in = task.trainBatch(new int[] {2, 0});
        assertEquals(TensorShape.of(2, 7), in.get("src").shape());
        assertEquals(TensorShape.of(2, 6), in.get("tgt").shape());
        assertEquals(TensorShape.of(12), in.get("labels").shape());
        // example 2 is "c a" -> "z x"; example 0 is "a b c" -> "x y z"
        int pad = Vocabulary.PAD;
        float[] tgt = {Vocabulary.BOS, v.id("z"), v.id("x"), Vocabulary.EOS, pad, pad,
            Vocabulary.BOS, v.id("x"), v.id("y"), v.id("z"), Vocabulary.EOS, pad};
        float[] labels = {v.id("z"), v.id("x"), Vocabulary.EOS, pad, pad, pad,
            v.id("x"), v.id("y"), v.id("z"), Vocabulary.EOS, pad, pad};
        float[] src = {Vocabulary.BOS, v.id("c"), v.id("a"), Vocabulary.EOS, pad, pad, pad,
            Vocabulary.BOS, v.id("a"), v.id("b"), v.id("c"), Vocabulary.EOS, pad, pad};
        assertEquals(java.util.Arrays.toString(src), java.util.Arrays.toString(in.get("src").data()));
        assertEquals(java.util.Arrays.toString(tgt), java.util.Arrays.toString(in.get("tgt").data()));
        assertEquals(java.util.Arrays.toString(labels), java.util.Arrays.toString(in.get("labels").data()));
        task.graph(2);    // the model accepts these shapes
    }

    /**
     * A stand-in model that "translates" by copying: at decoder position t it predicts the source's token
     * t + 1 (after BOS), so greedy decoding must return every source unchanged. It checks what a causal
     * decoder may rely on: at pass t positions 0..t hold BOS and the tokens chosen so far, and nothing
     * beyond t has been written yet.
     */
    @Test
    void greedyDecodingFeedsEachChosenTokenBackAndStopsAtEos() {
        Translation task = task();
        List<Integer> passes = new ArrayList<>();
        TrainingTask.Inference copier = (graph, inputs) -> {
            float[] src = inputs.get("src").data();
            float[] tgt = inputs.get("tgt").data();
            int n = inputs.get("tgt").shape().dim(0);
            int tt = inputs.get("tgt").shape().dim(1);
            int ts = inputs.get("src").shape().dim(1);
            int vocab = graph.tensor("logits").orElseThrow().shape().dim(2);
            int t = passes.size();
            passes.add(t);
            float[] logits = new float[n * tt * vocab];
            for (int i = 0; i < n; i++) {
                assertEquals(Vocabulary.BOS, tgt[i * tt]);
                for (int j = 1; j < tt; j++) {
                    if (j <= t) {
                        // either the copied source token, or PAD once the sequence has ended
                        float expected = src[i * ts + j] == Vocabulary.EOS ? Vocabulary.PAD : src[i * ts + j];
                        assertTrue(tgt[i * tt + j] == expected || tgt[i * tt + j] == Vocabulary.PAD,
                                "pass " + t + " sequence " + i + " position " + j);
                    } else {
                        assertEquals(Vocabulary.PAD, tgt[i * tt + j], "pass " + t + ": position " + j + " is in the future");
                    }
                }
                for (int p = 0; p < tt; p++) {
                    int next = p + 1 < ts ? (int) src[i * ts + p + 1] : Vocabulary.EOS;
                    logits[(i * tt + p) * vocab + next] = 5;
                }
            }
            return Map.of("logits", new FloatTensor(TensorShape.of(n, tt, vocab), logits));
        };
        List<List<String>> out = task.translate(copier, 2);
        assertEquals(task.corpus().testSources(), out, "the copier's translations are its sources");
        // one batch of both sources: "c b" ends at pass 2 (EOS), "a b c a" at pass 4, and then decoding stops
        // although the decoder has 6 positions
        assertEquals(5, passes.size());
        passes.clear();
        assertEquals(out, task.translate(copier, 1));
        assertEquals(5 + 3, passes.size(), "one source per batch: 5 passes, then 3");
    }

    @Test
    void bleuIsAgainstEveryReferenceOfASource() {
        Translation task = task();
        // sources in order: "a b c a" (references "x y z x" and "x y z x .") and "c b" ("z y")
        assertEquals(List.of(List.of("a", "b", "c", "a"), List.of("c", "b")), task.corpus().testSources());
        assertEquals(100.0, task.bleu(List.of(List.of("x", "y", "z", "x", "."), List.of("z", "y"))).score(), 1e-9,
                "each hypothesis is one of its source's references");
        assertEquals(100.0, task.bleu(List.of(List.of("x", "y", "z", "x"), List.of("z", "y"))).score(), 1e-9);
        assertTrue(task.bleu(List.of(List.of("z", "y"), List.of("x", "y", "z", "x"))).score() < 50,
                "references belong to their own source");
    }

    // ---- learning: numbers spelled out, English to French, word by word

    private static final List<String> EN = List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
    private static final List<String> FR = List.of("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf");

    /** {@code n} random sequences of 2 to 5 number words and their word-by-word translations. */
    static List<SentencePair> numbers(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<SentencePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 2 + r.nextInt(4);
            StringBuilder en = new StringBuilder();
            StringBuilder fr = new StringBuilder();
            for (int j = 0; j < len; j++) {
                int w = r.nextInt(EN.size());
                en.append(j == 0 ? "" : " ").append(EN.get(w));
                fr.append(j == 0 ? "" : " ").append(FR.get(w));
            }
            out.add(new SentencePair(en.toString(), fr.toString()));
        }
        return out;
    }

    /**
     * The transformer-tiny learns a word-by-word translation in FP32 and with the FP8 recipe. Greedy
     * output of an untrained model scores near 0; a model that has learnt the mapping scores near 100.
     * The bound is far from both (measured while writing this test: see the assertion messages).
     */
    @Test
    void transformerTinyLearnsToTranslateNumbersInFp32AndFp8() {
        TranslationCorpus corpus = TranslationCorpus.of(new SentenceSplits(numbers(640, 1), numbers(40, 2)), 5, 1);
        Translation task = new Translation(b -> Transformer.build(Transformer.tiny(b).withVocab(corpus.vocabulary().size())
                .withLengths(corpus.sourceLength(), corpus.targetLength())), corpus);
        for (Trainer.Precision p : Trainer.Precision.values()) {
            Trainer.Config c = new Trainer.Config(new Trainer.Numerics(p, Fp8Numerics.Recipe.paper(),
                    p == Trainer.Precision.FP8 ? MasterWeights.Storage.FP16 : MasterWeights.Storage.FP32, io.github.fp8sim.datapath.round.Rounding.SR,
                    p == Trainer.Precision.FP8 ? "dynamic" : "none", GemmEngine.Kind.ARRAY),
                    new Trainer.Optimization(Trainer.Method.ADAM, 3e-3, Trainer.Schedule.CONSTANT, 0.9, 0), new Trainer.Length(12, 32),
                    new Trainer.Run(1, 1, io.github.fp8sim.runtime.config.Presets.get("edge16")));
            Trainer.Result r = Trainer.train(task, c, e -> { });
            assertTrue(r.testScore() > 60, p + ": BLEU " + r.curve());
            assertTrue(r.curve().get(11).trainLoss() < r.curve().get(0).trainLoss(), p + ": " + r.curve());
        }
    }
}
