package io.github.fp8sim.workloads.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sentence pairs ready for a translation model with teacher forcing: one shared vocabulary (the
 * Transformer shares its embedding between source, target and output, Vaswani et al. section 3.4),
 * fixed lengths, and a held-out test set grouped by source sentence so that every translation of a
 * source is one of its references (multi-reference BLEU).
 *
 * <p>Layout: a source is {@code BOS, tokens, EOS, PAD...} over {@link #sourceLength()} ids; a target is
 * {@code BOS, tokens, EOS, PAD...} over {@code targetLength() + 1} ids, of which the decoder reads the
 * first {@code targetLength()} and learns to predict the last {@code targetLength()} (the shift of
 * teacher forcing). Padding labels are left out of the loss by the model's cross-entropy.
 *
 * @param vocabulary    built from the training split's both sides
 * @param sourceLength  ids per source sequence
 * @param targetLength  decoder positions
 * @param trainSources  encoded training sources, {@code sourceLength} ids each
 * @param trainTargets  encoded training targets, {@code targetLength + 1} ids each
 * @param testSources   the held-out source sentences (tokens), each once
 * @param testReferences for each test source, the tokens of every translation of it in the test split
 */
public record TranslationCorpus(Vocabulary vocabulary, int sourceLength, int targetLength, List<int[]> trainSources,
                                List<int[]> trainTargets, List<List<String>> testSources,
                                List<List<List<String>>> testReferences) {

    public TranslationCorpus {
        Objects.requireNonNull(vocabulary, "vocabulary");
        trainSources = List.copyOf(trainSources);
        trainTargets = List.copyOf(trainTargets);
        testSources = List.copyOf(testSources);
        testReferences = List.copyOf(testReferences);
        if (trainSources.size() != trainTargets.size() || testSources.size() != testReferences.size()) {
            throw new IllegalArgumentException("sources and targets differ in number");
        }
    }

    /**
     * The corpus of {@code splits}, whose sentences have at most {@code maxTokens} tokens a side.
     *
     * @param minCount the fewest occurrences in the training split for a token to get an id; rarer ones are UNK
     * @throws IllegalArgumentException if a split is empty or a sentence is longer than {@code maxTokens}
     */
    public static TranslationCorpus of(SentenceSplits splits, int maxTokens, int minCount) {
        if (splits.train().isEmpty() || splits.test().isEmpty()) {
            throw new IllegalArgumentException("need training and test pairs, got " + splits.train().size() + " and "
                    + splits.test().size());
        }
        List<List<String>> sides = new ArrayList<>();
        for (SentencePair p : splits.train()) {
            sides.add(tokens(p.source(), maxTokens));
            sides.add(tokens(p.target(), maxTokens));
        }
        Vocabulary v = Vocabulary.build(sides, minCount, Integer.MAX_VALUE);
        int srcLen = maxTokens + 2;
        int tgtLen = maxTokens + 1;
        List<int[]> src = new ArrayList<>();
        List<int[]> tgt = new ArrayList<>();
        for (int i = 0; i < sides.size(); i += 2) {
            src.add(v.encode(sides.get(i), srcLen));
            tgt.add(v.encode(sides.get(i + 1), tgtLen + 1));
        }
        Map<List<String>, List<List<String>>> refs = new LinkedHashMap<>();
        for (SentencePair p : splits.test()) {
            refs.computeIfAbsent(tokens(p.source(), maxTokens), k -> new ArrayList<>()).add(tokens(p.target(), maxTokens));
        }
        return new TranslationCorpus(v, srcLen, tgtLen, src, tgt, new ArrayList<>(refs.keySet()), new ArrayList<>(refs.values()));
    }

    private static List<String> tokens(String sentence, int maxTokens) {
        List<String> t = Tokenizer.tokenize(sentence);
        if (t.size() > maxTokens) {
            throw new IllegalArgumentException("\"" + sentence + "\" has " + t.size() + " tokens, more than " + maxTokens);
        }
        return t;
    }
}
