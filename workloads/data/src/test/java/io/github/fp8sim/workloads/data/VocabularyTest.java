package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.tensor.TensorShape;

class VocabularyTest {

    // Counts: the 4, cat 2, sat 2, a 1, dog 1, mat 1, on 1.
    private static final List<List<String>> SENTENCES = List.of(
            List.of("the", "cat", "sat"),
            List.of("the", "dog", "sat", "on", "the", "mat"),
            List.of("a", "cat", "the"));

    @Test
    void reservedIdsThenMostFrequentThenLexicographic() {
        Vocabulary v = Vocabulary.build(SENTENCES, 1, Integer.MAX_VALUE);
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "the", "cat", "sat", "a", "dog", "mat", "on"), v.tokens());
        assertEquals(11, v.size());
        assertEquals(0, Vocabulary.PAD);
        assertEquals(1, Vocabulary.BOS);
        assertEquals(2, Vocabulary.EOS);
        assertEquals(3, Vocabulary.UNK);
        assertEquals(4, v.id("the"));
        assertEquals("cat", v.token(5));
        assertEquals(Vocabulary.UNK, v.id("zebra"));
        assertFalse(v.contains("zebra"));
        assertTrue(v.contains("on"));
    }

    @Test
    void theOrderOfSentencesDoesNotMatter() {
        List<List<String>> reversed = new ArrayList<>(SENTENCES);
        Collections.reverse(reversed);
        assertEquals(Vocabulary.build(SENTENCES, 1, 100), Vocabulary.build(reversed, 1, 100));
    }

    @Test
    void minCountAndMaxSizeCutTheRareTokens() {
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "the", "cat", "sat"), Vocabulary.build(SENTENCES, 2, 100).tokens());
        // Six ids in all: the four reserved ones and the two most frequent tokens.
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "the", "cat"), Vocabulary.build(SENTENCES, 1, 6).tokens());
        assertEquals(4, Vocabulary.build(SENTENCES, 5, 100).size());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(SENTENCES, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(SENTENCES, 1, 3));
    }

    @Test
    void reservedStringsInTheDataAreNotCountedTwice() {
        Vocabulary v = Vocabulary.build(List.of(List.of("<unk>", "x", "<pad>")), 1, 100);
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "x"), v.tokens());
        assertEquals(Vocabulary.UNK, v.id("<unk>"));
    }

    @Test
    void encodeWrapsInBosEosAndPadsOrTruncates() {
        Vocabulary v = Vocabulary.build(SENTENCES, 1, 100);
        // the=4 cat=5 sat=6 a=7 dog=8 mat=9 on=10
        assertArrayEquals(new int[] {1, 4, 5, 3, 2, 0, 0}, v.encode(List.of("the", "cat", "zebra"), 7));
        assertArrayEquals(new int[] {1, 4, 5, 2}, v.encode(List.of("the", "cat"), 4), "exactly fits");
        assertArrayEquals(new int[] {1, 4, 5, 2}, v.encode(List.of("the", "cat", "sat", "on"), 4), "keeps the first maxLen - 2 tokens");
        assertArrayEquals(new int[] {1, 2}, v.encode(List.of(), 2));
        assertThrows(IllegalArgumentException.class, () -> v.encode(List.of("the"), 1));
    }

    @Test
    void aBatchIsAFloatIndexTensor() {
        Vocabulary v = Vocabulary.build(SENTENCES, 1, 100);
        var t = v.encodeBatch(List.of(List.of("on"), List.of("a", "dog", "sat")), 5);
        assertEquals(TensorShape.of(2, 5), t.shape());
        assertArrayEquals(new float[] {1, 10, 2, 0, 0, 1, 7, 8, 6, 2}, t.data());
    }

    @Test
    void decodeStopsAtEndOfSentence() {
        Vocabulary v = Vocabulary.build(SENTENCES, 1, 100);
        assertEquals(List.of("the", "<unk>", "mat"), v.decode(new int[] {1, 4, 3, 9, 2, 5, 0}));
        assertEquals(List.of("cat"), v.decode(new int[] {5, 0, 6}), "no BOS, stops at PAD");
        assertEquals(List.of(), v.decode(new int[] {1, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> v.decode(new int[] {11}));
    }
}
