package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A translation corpus: shared vocabulary, teacher-forcing layout, test grouped by source. */
class TranslationCorpusTest {

    private static SentenceSplits splits() {
        List<SentencePair> train = List.of(
                new SentencePair("I run.", "Je cours."),
                new SentencePair("I run.", "Je cours vite."),
                new SentencePair("You run.", "Tu cours."));
        List<SentencePair> test = List.of(
                new SentencePair("We run.", "Nous courons."),
                new SentencePair("I walk.", "Je marche."),
                new SentencePair("We run.", "On court."));
        return new SentenceSplits(train, test);
    }

    @Test
    void sourcesAndTargetsAreBosTokensEosThenPadding() {
        TranslationCorpus c = TranslationCorpus.of(splits(), 4, 1);
        Vocabulary v = c.vocabulary();
        assertEquals(6, c.sourceLength(), "BOS + 4 tokens + EOS");
        assertEquals(5, c.targetLength(), "the decoder sees BOS + 4 tokens and predicts 4 tokens + EOS");
        int[] src = {Vocabulary.BOS, v.id("i"), v.id("run"), v.id("."), Vocabulary.EOS, Vocabulary.PAD};
        assertArrayEquals(src, c.trainSources().get(0));
        int[] tgt = {Vocabulary.BOS, v.id("je"), v.id("cours"), v.id("vite"), v.id("."), Vocabulary.EOS};
        assertArrayEquals(tgt, c.trainTargets().get(1));
        assertEquals(3, c.trainSources().size());
    }

    @Test
    void theVocabularyIsSharedAndBuiltFromTheTrainingPairsOnly() {
        Vocabulary v = TranslationCorpus.of(splits(), 4, 1).vocabulary();
        for (String t : List.of("i", "you", "run", "je", "tu", "cours", "vite", ".")) {
            assertTrue(v.contains(t), t);
        }
        assertEquals(Vocabulary.RESERVED.size() + 8, v.size());
        assertEquals(Vocabulary.UNK, v.id("courons"), "a test-only word has no id");
        // min count 2 keeps only tokens seen twice: i, run, cours, '.' (x3), je
        Vocabulary frequent = TranslationCorpus.of(splits(), 4, 2).vocabulary();
        assertEquals(java.util.Set.of(".", "run", "cours", "i", "je"),
                java.util.Set.copyOf(frequent.tokens().subList(Vocabulary.RESERVED.size(), frequent.size())));
        assertEquals(Vocabulary.UNK, frequent.id("vite"));
    }

    @Test
    void everyTranslationOfATestSourceIsOneOfItsReferences() {
        TranslationCorpus c = TranslationCorpus.of(splits(), 4, 1);
        assertEquals(List.of(List.of("we", "run", "."), List.of("i", "walk", ".")), c.testSources());
        assertEquals(List.of(List.of("nous", "courons", "."), List.of("on", "court", ".")), c.testReferences().get(0));
        assertEquals(List.of(List.of("je", "marche", ".")), c.testReferences().get(1));
    }

    @Test
    void aSentenceLongerThanTheLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TranslationCorpus.of(splits(), 3, 1));
    }
}
