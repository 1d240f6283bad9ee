package io.github.fp8sim.workloads.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * Sentence pairs in the Tatoeba / ManyThings tab-separated format: one pair per line,
 * {@code source<TAB>target[<TAB>attribution]}, UTF-8. Blank lines are skipped; the attribution (and any
 * further field) is read past; both sentences must be non-blank.
 *
 * <p>The held-out split is made by source sentence, not by line: Tatoeba often has several translations
 * of one English sentence, and a test sentence whose source the model saw in training would inflate BLEU.
 * Pairs are grouped by their tokenized source ({@link Tokenizer}, so {@code Go.} and {@code go.} are one
 * group); the groups, in order of first appearance, are shuffled by {@link Shuffle#permutation} with the
 * seed; groups are then moved to the test side in that shuffled order while the test side holds fewer than
 * {@code round(testFraction * pairs)} pairs (the last group may overshoot by its size). Both sides keep
 * file order.
 */
public final class SentencePairs {

    private SentencePairs() {}

    /** {@link #load(Path, long, double, int)} with no length limit. */
    public static SentenceSplits load(Path file, long seed, double testFraction) {
        return load(file, seed, testFraction, Integer.MAX_VALUE);
    }

    /**
     * Reads {@code file}, drops pairs in which either side has more than {@code maxTokens} tokens, and
     * splits the rest into training and held-out pairs.
     *
     * @param seed         the seed of the split
     * @param testFraction the share of pairs to hold out, in [0, 1]
     * @param maxTokens    the most tokens a kept sentence has (either side), {@code >= 1}
     * @throws InputException if the file is missing, not UTF-8, or a line is not a pair (naming file and line)
     */
    public static SentenceSplits load(Path file, long seed, double testFraction, int maxTokens) {
        if (!(testFraction >= 0 && testFraction <= 1) || maxTokens < 1) {
            throw new IllegalArgumentException("need testFraction in [0, 1] and maxTokens >= 1, got " + testFraction + " and " + maxTokens);
        }
        List<SentencePair> kept = new ArrayList<>();
        for (SentencePair p : read(file)) {
            if (Tokenizer.tokenize(p.source()).size() <= maxTokens && Tokenizer.tokenize(p.target()).size() <= maxTokens) {
                kept.add(p);
            }
        }
        return split(kept, seed, testFraction);
    }

    /**
     * Every pair of {@code file}, in file order.
     *
     * @throws InputException naming the file, and the line that is not {@code source<TAB>target}
     */
    public static List<SentencePair> read(Path file) {
        String[] lines = InputFiles.readText(file).split("\r?\n", -1);
        List<SentencePair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            long line = i + 1;
            String text = lines[i];
            if (text.isBlank()) {
                continue;
            }
            String[] fields = text.split("\t", 3);
            if (fields.length < 2 || fields[0].isBlank() || fields[1].isBlank()) {
                throw InputException.at(file.toString(), line, null, "expected <english>TAB<french>");
            }
            pairs.add(new SentencePair(fields[0].strip(), fields[1].strip()));
        }
        return pairs;
    }

    /** {@code pairs} split as described in the class comment. */
    public static SentenceSplits split(List<SentencePair> pairs, long seed, double testFraction) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1], got " + testFraction);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String key = String.join(" ", Tokenizer.tokenize(pairs.get(i).source()));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> order = new ArrayList<>(groups.values());
        long wanted = Math.round(testFraction * pairs.size());
        boolean[] held = new boolean[pairs.size()];
        long taken = 0;
        for (int g : Shuffle.permutation(order.size(), seed)) {
            if (taken >= wanted) {
                break;
            }
            for (int i : order.get(g)) {
                held[i] = true;
                taken++;
            }
        }
        List<SentencePair> train = new ArrayList<>();
        List<SentencePair> test = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            (held[i] ? test : train).add(pairs.get(i));
        }
        return new SentenceSplits(train, test);
    }
}
