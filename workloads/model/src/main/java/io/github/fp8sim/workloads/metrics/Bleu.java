package io.github.fp8sim.workloads.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-4 (Papineni, Roukos, Ward, Zhu, "BLEU: a Method for Automatic Evaluation of Machine
 * Translation", ACL 2002), computed the way {@code multi-bleu.perl} and sacreBLEU compute it, on tokens the
 * caller has already made (e.g. with {@code data.Tokenizer}):
 *
 * <ol>
 *   <li>For n = 1..4 and every hypothesis sentence, each n-gram's count is clipped to the most times it
 *       occurs in any one reference of that sentence; {@code matches[n]} sums the clipped counts over the
 *       corpus and {@code totals[n]} the hypothesis n-grams ({@code max(0, len - n + 1)} per sentence).</li>
 *   <li>{@code p_n = matches[n] / totals[n]}; the score is the geometric mean of p_1..p_4 times the
 *       brevity penalty, times 100.</li>
 *   <li>Brevity penalty: {@code c} = total hypothesis length, {@code r} = total effective reference
 *       length, the length of the reference closest to each hypothesis in length (the shorter one on a
 *       tie); {@code BP = 1} if {@code c > r}, {@code exp(1 - r / c)} if {@code 0 < c <= r}, 0 if {@code c == 0}.</li>
 *   <li>No smoothing: if any {@code matches[n]} is 0 (or the corpus has no n-grams of some order) the
 *       score is 0, as in multi-bleu.perl and sacreBLEU's {@code smooth_method='none'}. Corpus BLEU over a
 *       test set of a few hundred sentences rarely meets this; single short sentences often do.</li>
 * </ol>
 */
public final class Bleu {

    /** The largest n-gram order. */
    public static final int MAX_ORDER = 4;

    private Bleu() {}

    /**
     * A corpus BLEU score and what it is made of.
     *
     * @param score          BLEU in [0, 100]
     * @param matches        clipped n-gram matches for n = 1..4 (index n - 1)
     * @param totals         hypothesis n-grams for n = 1..4 (index n - 1)
     * @param brevityPenalty BP in [0, 1]
     * @param hypothesisLength total hypothesis tokens {@code c}
     * @param referenceLength  total effective reference tokens {@code r}
     */
    public record Score(double score, long[] matches, long[] totals, double brevityPenalty, long hypothesisLength,
            long referenceLength) {

        public Score {
            matches = matches.clone();
            totals = totals.clone();
        }

        @Override
        public long[] matches() {
            return matches.clone();
        }

        @Override
        public long[] totals() {
            return totals.clone();
        }

        /** The modified n-gram precision {@code matches / totals} for order {@code n} (1..4); 0 when there are no n-grams. */
        public double precision(int n) {
            if (n < 1 || n > MAX_ORDER) {
                throw new IllegalArgumentException("n must be in 1.." + MAX_ORDER + ", got " + n);
            }
            return totals[n - 1] == 0 ? 0 : (double) matches[n - 1] / totals[n - 1];
        }

        /** The four precisions, p_1 first. */
        public double[] precisions() {
            double[] p = new double[MAX_ORDER];
            for (int n = 1; n <= MAX_ORDER; n++) {
                p[n - 1] = precision(n);
            }
            return p;
        }

        /** sacreBLEU's one-line summary: {@code BLEU = 27.30 60.0/33.3/20.0/12.5 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)}. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "BLEU = %.2f ", score));
            for (int n = 1; n <= MAX_ORDER; n++) {
                s.append(n == 1 ? "" : "/").append(String.format(java.util.Locale.ROOT, "%.1f", 100 * precision(n)));
            }
            double ratio = referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
            return s.append(String.format(java.util.Locale.ROOT, " (BP = %.3f ratio = %.3f hyp_len = %d ref_len = %d)",
                    brevityPenalty, ratio, hypothesisLength, referenceLength)).toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Score s && Double.compare(score, s.score) == 0 && Arrays.equals(matches, s.matches)
                    && Arrays.equals(totals, s.totals) && Double.compare(brevityPenalty, s.brevityPenalty) == 0
                    && hypothesisLength == s.hypothesisLength && referenceLength == s.referenceLength;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(score) * 31 + Arrays.hashCode(matches) * 17 + Arrays.hashCode(totals);
        }
    }

    /**
     * Corpus BLEU of {@code hypotheses} against one reference each ({@code references.get(i)} for hypothesis i).
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public static Score corpus(List<? extends List<String>> hypotheses, List<? extends List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        return corpusMulti(hypotheses, references.stream().map(List::of).toList());
    }

    /**
     * Corpus BLEU of {@code hypotheses} against one or more references each ({@code references.get(i)}
     * lists the references of hypothesis i).
     *
     * @throws IllegalArgumentException if the lists differ in length or a hypothesis has no reference
     */
    public static Score corpusMulti(List<? extends List<String>> hypotheses, List<? extends List<? extends List<String>>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " reference sets");
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long c = 0;
        long r = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<String> hyp = hypotheses.get(s);
            List<? extends List<String>> refs = references.get(s);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("hypothesis " + s + " has no reference");
            }
            c += hyp.size();
            r += closestLength(hyp.size(), refs);
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<List<String>, Integer> hypCounts = ngrams(hyp, n);
                Map<List<String>, Integer> maxRefCounts = new HashMap<>();
                for (List<String> ref : refs) {
                    ngrams(ref, n).forEach((g, k) -> maxRefCounts.merge(g, k, Math::max));
                }
                for (Map.Entry<List<String>, Integer> e : hypCounts.entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), maxRefCounts.getOrDefault(e.getKey(), 0));
                }
                totals[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        double bp = c == 0 ? 0 : c > r ? 1 : StrictMath.exp(1 - (double) r / c);
        double logSum = 0;
        boolean zero = false;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (matches[n] == 0) {
                zero = true;
                break;
            }
            logSum += StrictMath.log((double) matches[n] / totals[n]);
        }
        double score = zero ? 0 : 100 * bp * StrictMath.exp(logSum / MAX_ORDER);
        return new Score(score, matches, totals, bp, c, r);
    }

    /** The length of the reference closest in length to {@code hypLength}; the shorter one on a tie. */
    static int closestLength(int hypLength, List<? extends List<String>> refs) {
        int best = refs.get(0).size();
        for (List<String> ref : refs) {
            int len = ref.size();
            int d = Math.abs(len - hypLength);
            int bd = Math.abs(best - hypLength);
            if (d < bd || (d == bd && len < best)) {
                best = len;
            }
        }
        return best;
    }

    /** The n-grams of {@code tokens} and how often each occurs. */
    static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
