package io.github.fp8sim.workloads.data;

import io.github.fp8sim.workloads.models.SpecialTokens;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Token ids for a sequence model. Ids 0..3 are reserved: {@link #PAD} {@code <pad>}, {@link #BOS}
 * {@code <bos>}, {@link #EOS} {@code <eos>}, {@link #UNK} {@code <unk>}; then the kept tokens, most
 * frequent first, ties in {@link String#compareTo} order (UTF-16 code units), so the same sentences give
 * the same ids whatever order they come in.
 *
 * <p>Encoding convention ({@link #encode(List, int)}): {@code BOS t1 .. tn EOS PAD ..}, exactly
 * {@code maxLen} ids, unknown tokens as {@code UNK}, a sentence longer than {@code maxLen - 2} tokens
 * truncated (it keeps its first {@code maxLen - 2} tokens and still ends in EOS). A decoder trained with
 * teacher forcing reads ids {@code [0, maxLen - 1)} and predicts ids {@code [1, maxLen)}; PAD positions
 * are masked out of the loss.
 */
public final class Vocabulary {

    /** Padding after EOS. */
    public static final int PAD = SpecialTokens.PAD;
    /** Beginning of sentence. */
    public static final int BOS = SpecialTokens.BOS;
    /** End of sentence. */
    public static final int EOS = SpecialTokens.EOS;
    /** A token not in the vocabulary. */
    public static final int UNK = SpecialTokens.UNK;
    /** The reserved token strings, at their ids. */
    public static final List<String> RESERVED = List.of("<pad>", "<bos>", "<eos>", "<unk>");

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            ids.put(this.tokens.get(i), i);
        }
    }

    /**
     * The vocabulary of {@code sentences} (each a list of tokens): the tokens seen at least {@code minCount}
     * times, the most frequent first, at most {@code maxSize} ids in all (the 4 reserved ones included).
     * Occurrences of the reserved strings themselves are not counted.
     *
     * @param minCount the fewest occurrences a kept token has, {@code >= 1}
     * @param maxSize  the most ids, reserved ones included, {@code >= 4}; {@link Integer#MAX_VALUE} for no limit
     */
    public static Vocabulary build(Collection<? extends List<String>> sentences, int minCount, int maxSize) {
        if (minCount < 1 || maxSize < RESERVED.size()) {
            throw new IllegalArgumentException("need minCount >= 1 and maxSize >= " + RESERVED.size() + ", got " + minCount + " and " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String t : sentence) {
                if (!RESERVED.contains(t)) {
                    counts.merge(Objects.requireNonNull(t, "token"), 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        List<String> tokens = new ArrayList<>(RESERVED);
        for (Map.Entry<String, Integer> e : kept) {
            if (tokens.size() >= maxSize) {
                break;
            }
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens);
    }

    /** The number of ids, reserved ones included. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, {@link #UNK} if it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK);
    }

    /** True when {@code token} has its own id. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token with id {@code id}. */
    public String token(int id) {
        return tokens.get(Objects.checkIndex(id, tokens.size()));
    }

    /** All tokens in id order (the reserved ones first). */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * {@code BOS}, the ids of {@code sentence} (truncated to {@code maxLen - 2}), {@code EOS}, then
     * {@code PAD} up to {@code maxLen} ids.
     *
     * @throws IllegalArgumentException if {@code maxLen < 2}
     */
    public int[] encode(List<String> sentence, int maxLen) {
        if (maxLen < 2) {
            throw new IllegalArgumentException("maxLen must be >= 2 (BOS and EOS), got " + maxLen);
        }
        int[] out = new int[maxLen]; // PAD is 0
        int n = Math.min(sentence.size(), maxLen - 2);
        out[0] = BOS;
        for (int i = 0; i < n; i++) {
            out[i + 1] = id(sentence.get(i));
        }
        out[n + 1] = EOS;
        return out;
    }

    /**
     * The sentences encoded with {@link #encode(List, int)}, as a {@code [B, maxLen]} tensor of ids held
     * as floats (the graph IR's INDEX convention).
     */
    public FloatTensor encodeBatch(List<? extends List<String>> sentences, int maxLen) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sentence");
        }
        float[] data = new float[sentences.size() * maxLen];
        for (int b = 0; b < sentences.size(); b++) {
            int[] ids = encode(sentences.get(b), maxLen);
            for (int t = 0; t < maxLen; t++) {
                data[b * maxLen + t] = ids[t];
            }
        }
        return new FloatTensor(TensorShape.of(sentences.size(), maxLen), data);
    }

    /**
     * The tokens of {@code ids} for scoring a model's output: a leading BOS is skipped, decoding stops at
     * the first EOS or PAD, UNK becomes {@code <unk>} (which matches no reference token).
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (i == 0 && id == BOS) {
                continue;
            }
            if (id == EOS || id == PAD) {
                break;
            }
            out.add(token(id));
        }
        return out;
    }

    /** The size and the first few tokens. */
    @Override
    public String toString() {
        return "Vocabulary[" + size() + " ids: " + String.join(" ", tokens.subList(0, Math.min(12, size())))
                + (size() > 12 ? " ...]" : "]");
    }

    /** Two vocabularies are equal when they give every token the same id. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && tokens.equals(v.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
