package io.github.fp8sim.workloads.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BleuTest {

    private static List<String> t(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    @Test
    void aPerfectTranslationScores100() {
        Bleu.Score s = Bleu.corpus(List.of(t("le chat est sur le tapis"), t("bonjour tout le monde")),
                List.of(t("le chat est sur le tapis"), t("bonjour tout le monde")));
        assertEquals(100.0, s.score(), 1e-12);
        assertEquals(1.0, s.brevityPenalty());
        assertArrayEquals(new double[] {1, 1, 1, 1}, s.precisions());
        // 6 + 4 unigrams, 5 + 3 bigrams, 4 + 2 trigrams, 3 + 1 four-grams.
        assertArrayEquals(new long[] {10, 8, 6, 4}, s.totals());
        assertEquals(10, s.hypothesisLength());
        assertEquals(10, s.referenceLength());
    }

    /** Papineni et al. 2002, section 2.1.1: the modified unigram precision of this candidate is 2/7. */
    @Test
    void clippingThePapineniExample() {
        Bleu.Score s = Bleu.corpus(List.of(t("the the the the the the the")), List.of(t("the cat is on the mat")));
        // "the" occurs 7 times in the candidate, at most 2 times in the reference: 2 clipped matches of 7.
        assertEquals(2.0 / 7, s.precision(1), 1e-15);
        // The 6 bigrams are all "the the", which the reference lacks.
        assertArrayEquals(new long[] {2, 0, 0, 0}, s.matches());
        assertArrayEquals(new long[] {7, 6, 5, 4}, s.totals());
        assertEquals(0.0, s.score(), "no smoothing: a zero precision makes BLEU 0");
        assertEquals(1.0, s.brevityPenalty(), "c = 7 > r = 6");
    }

    /**
     * Hypothesis "the quick brown fox jumped over the dog" against reference "the quick brown fox jumps over
     * the dog", 8 tokens each:
     * <pre>
     * 1-grams: the(2, ref has 2) quick brown fox over dog match, jumped does not       7/8
     * 2-grams: the quick, quick brown, brown fox, over the, the dog match; fox jumped, jumped over not  5/7
     * 3-grams: the quick brown, quick brown fox, over the dog match; 3 others contain "jumped"      3/6
     * 4-grams: the quick brown fox matches; the 4 others contain "jumped"                          1/5
     * </pre>
     * BLEU = (7/8 * 5/7 * 3/6 * 1/5)^(1/4) = (105/1680)^(1/4) = (1/16)^(1/4) = 1/2, BP = 1: 50.
     */
    @Test
    void aHandComputedSentence() {
        Bleu.Score s = Bleu.corpus(List.of(t("the quick brown fox jumped over the dog")),
                List.of(t("the quick brown fox jumps over the dog")));
        assertArrayEquals(new long[] {7, 5, 3, 1}, s.matches());
        assertArrayEquals(new long[] {8, 7, 6, 5}, s.totals());
        assertEquals(50.0, s.score(), 1e-12);
    }

    /**
     * Counts add up over the corpus before the precisions are taken: "a b" / "a b" alone has no trigram
     * and would score 0, but with the sentence above the corpus has (7+2)/(8+2), (5+1)/(7+1), 3/6, 1/5.
     */
    @Test
    void countsAreSummedOverTheCorpus() {
        Bleu.Score s = Bleu.corpus(List.of(t("the quick brown fox jumped over the dog"), t("a b")),
                List.of(t("the quick brown fox jumps over the dog"), t("a b")));
        assertArrayEquals(new long[] {9, 6, 3, 1}, s.matches());
        assertArrayEquals(new long[] {10, 8, 6, 5}, s.totals());
        assertEquals(100 * Math.pow(9.0 / 10 * 6.0 / 8 * 3.0 / 6 * 1.0 / 5, 0.25), s.score(), 1e-12);
        assertEquals(0.0, Bleu.corpus(List.of(t("a b")), List.of(t("a b"))).score());
    }

    /** All four precisions are 1 (4/4, 3/3, 2/2, 1/1), c = 4, r = 8: BP = exp(1 - 8/4) = 1/e. */
    @Test
    void brevityPenaltyOnAShortHypothesis() {
        Bleu.Score s = Bleu.corpus(List.of(t("the quick brown fox")), List.of(t("the quick brown fox jumps over the dog")));
        assertArrayEquals(new double[] {1, 1, 1, 1}, s.precisions());
        assertEquals(Math.exp(-1), s.brevityPenalty(), 1e-15);
        assertEquals(100 / Math.E, s.score(), 1e-12);
        assertEquals("BLEU = 36.79 100.0/100.0/100.0/100.0 (BP = 0.368 ratio = 0.500 hyp_len = 4 ref_len = 8)", s.toString());
    }

    @Test
    void multipleReferencesClipToTheMostGenerousOne() {
        // "the" may match twice: the second reference has it twice. 2 of 3 unigrams.
        Bleu.Score s = Bleu.corpusMulti(List.of(t("the the the")), List.of(List.of(t("the cat"), t("the the dog"))));
        assertEquals(2, s.matches()[0]);
        assertEquals(3, s.totals()[0]);
    }

    @Test
    void theClosestReferenceLengthCountsAndTiesGoToTheShorter() {
        // Hypothesis of 4 tokens, references of 2 and 6: both 2 away; the shorter (2) is used, c = 4 > r = 2,
        // so BP = 1 and, every n-gram being in the second reference, BLEU = 100.
        Bleu.Score tie = Bleu.corpusMulti(List.of(t("a b c d")), List.of(List.of(t("a b"), t("a b c d e f"))));
        assertEquals(2, tie.referenceLength());
        assertEquals(1.0, tie.brevityPenalty());
        assertEquals(100.0, tie.score(), 1e-12);
        // References of 3 and 8: 3 is closer to 4. Then c = 4 > r = 3.
        Bleu.Score closer = Bleu.corpusMulti(List.of(t("a b c d")), List.of(List.of(t("a b c d e f g h"), t("x y z"))));
        assertEquals(3, closer.referenceLength());
        // References of 6 and 7: 6 is closer, c = 4 < r = 6, BP = exp(1 - 6/4).
        Bleu.Score longer = Bleu.corpusMulti(List.of(t("a b c d")), List.of(List.of(t("a b c d e f g"), t("a b c d e f"))));
        assertEquals(6, longer.referenceLength());
        assertEquals(Math.exp(1 - 1.5), longer.brevityPenalty(), 1e-15);
    }

    @Test
    void emptyHypothesesAndMismatchedCorpora() {
        Bleu.Score empty = Bleu.corpus(List.of(t("")), List.of(t("a b c")));
        assertEquals(0.0, empty.score());
        assertEquals(0.0, empty.brevityPenalty());
        assertEquals(0.0, empty.precision(1));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(t("a")), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpusMulti(List.of(t("a")), List.of(List.of())));
        assertThrows(IllegalArgumentException.class, () -> empty.precision(5));
    }
}
