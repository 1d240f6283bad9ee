package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;

class SentencePairsTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("pairs.txt");
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void linesAreSourceTabTargetWithAnOptionalAttribution() throws IOException {
        Path f = write("\uFEFFGo.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #1\r\n\n"
                + "Hi.\tSalut.\n   \nRun!\tCours\u202f!");
        assertEquals(List.of(new SentencePair("Go.", "Va !"), new SentencePair("Hi.", "Salut."), new SentencePair("Run!", "Cours\u202f!")),
                SentencePairs.read(f));
    }

    @Test
    void aLineWithoutATabNamesFileAndLine() throws IOException {
        Path f = write("Go.\tVa !\n\nHello there\n");
        InputException e = assertThrows(InputException.class, () -> SentencePairs.read(f));
        assertEquals(f + ": line 3: expected <english>TAB<french>", e.getMessage());
        Path empty = write("Go.\t \n");
        assertEquals(empty + ": line 1: expected <english>TAB<french>",
                assertThrows(InputException.class, () -> SentencePairs.read(empty)).getMessage());
    }

    @Test
    void invalidUtf8AndMissingFilesAreInputErrors() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.write(f, new byte[] {'a', '\t', 'b', '\n', 'c', '\t', (byte) 0xC3, '\n'});
        assertEquals(f + ": line 2: not UTF-8 text (byte 0xC3 at column 3); expected a UTF-8 text file (save it as UTF-8)",
                assertThrows(InputException.class, () -> SentencePairs.read(f)).getMessage());
        Path missing = dir.resolve("none.txt");
        assertEquals(missing + ": no such file", assertThrows(InputException.class, () -> SentencePairs.read(missing)).getMessage());
    }

    /**
     * 40 source sentences, sentence k with 1 + k mod 4 translations (100 pairs), some differing from each
     * other only in case and final punctuation spacing, which tokenization makes the same source.
     */
    private Path manyTranslations() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 40; k++) {
            for (int t = 0; t <= k % 4; t++) {
                String source = (t % 2 == 0 ? "Sentence " : "sentence ") + k + (t == 3 ? " ." : ".");
                s.append(source).append('\t').append("Phrase ").append(k).append(" version ").append(t).append(".\n");
            }
        }
        return write(s.toString());
    }

    private static Set<String> sources(List<SentencePair> pairs) {
        Set<String> out = new HashSet<>();
        for (SentencePair p : pairs) {
            out.add(String.join(" ", Tokenizer.tokenize(p.source())));
        }
        return out;
    }

    @Test
    void noSourceSentenceIsOnBothSides() throws IOException {
        Path f = manyTranslations();
        for (long seed = 0; seed < 20; seed++) {
            SentenceSplits s = SentencePairs.load(f, seed, 0.2);
            assertEquals(100, s.train().size() + s.test().size());
            Set<String> overlap = sources(s.train());
            overlap.retainAll(sources(s.test()));
            assertEquals(Set.of(), overlap, "seed " + seed);
            // round(0.2 * 100) = 20 pairs wanted; a group has at most 4 pairs, so at most 3 extra.
            assertTrue(s.test().size() >= 20 && s.test().size() <= 23, "seed " + seed + ": " + s.test().size());
        }
    }

    @Test
    void theSplitIsDeterministicFromTheSeed() throws IOException {
        Path f = manyTranslations();
        SentenceSplits a = SentencePairs.load(f, 11, 0.25);
        assertEquals(a, SentencePairs.load(f, 11, 0.25));
        assertNotEquals(a.test(), SentencePairs.load(f, 12, 0.25).test());
        // Both sides keep file order.
        List<SentencePair> all = SentencePairs.read(f);
        assertTrue(isSubsequence(a.train(), all) && isSubsequence(a.test(), all));
    }

    private static boolean isSubsequence(List<SentencePair> part, List<SentencePair> all) {
        int j = 0;
        for (SentencePair p : all) {
            if (j < part.size() && part.get(j).equals(p)) {
                j++;
            }
        }
        return j == part.size();
    }

    @Test
    void fractionsAtTheEnds() throws IOException {
        Path f = manyTranslations();
        assertEquals(0, SentencePairs.load(f, 1, 0.0).test().size());
        assertEquals(100, SentencePairs.load(f, 1, 1.0).test().size());
        assertThrows(IllegalArgumentException.class, () -> SentencePairs.load(f, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> SentencePairs.load(f, 1, Double.NaN));
    }

    @Test
    void maxTokensDropsLongPairsOnEitherSide() throws IOException {
        Path f = write("Go.\tVa !\nI am here.\tJe suis là.\nHi.\tSalut tout le monde !\n");
        // Tokens: go . (2) / va ! (2); i am here . (4) / je suis là . (4); hi . (2) / salut tout le monde ! (5)
        SentenceSplits s = SentencePairs.load(f, 0, 0.0, 4);
        assertEquals(List.of(new SentencePair("Go.", "Va !"), new SentencePair("I am here.", "Je suis là.")), s.train());
        assertEquals(1, SentencePairs.load(f, 0, 0.0, 2).train().size());
    }

    @Test
    void theTatoebaCopyHas5000Pairs() {
        Path file = RepositoryData.folder("tatoeba-eng-fra").resolve("eng-fra.txt");
        List<SentencePair> all = SentencePairs.read(file);
        assertEquals(5000, all.size());
        assertEquals(new SentencePair("Go.", "Va !"), all.get(0));
        SentenceSplits s = SentencePairs.load(file, 2024, 0.1);
        assertEquals(5000, s.train().size() + s.test().size());
        assertTrue(Math.abs(s.test().size() - 500) < 20, "test size " + s.test().size());
        Set<String> overlap = sources(s.train());
        overlap.retainAll(sources(s.test()));
        assertEquals(Set.of(), overlap);

        List<List<String>> targets = new ArrayList<>();
        for (SentencePair p : s.train()) {
            targets.add(Tokenizer.tokenize(p.target()));
        }
        Vocabulary fr = Vocabulary.build(targets, 2, Integer.MAX_VALUE);
        assertTrue(fr.size() > 500 && fr.size() < 5000, fr.toString());
        assertEquals(".", fr.token(4), "the full stop is the most frequent French token");
    }

    @Test
    void everyTatoebaLineCarriesItsOwnAttribution() throws IOException {
        // CC-BY 2.0 FR asks for attribution; data/tatoeba-eng-fra/README.md says each line carries its own.
        Path file = RepositoryData.folder("tatoeba-eng-fra").resolve("eng-fra.txt");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(5000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split("\t", -1);
            assertEquals(3, fields.length, "line " + (i + 1) + ": english, french, attribution");
            assertTrue(fields[2].matches("CC-BY 2\\.0 \\(France\\) Attribution: tatoeba\\.org #\\d+ \\(.+\\) & #\\d+ \\(.+\\)"),
                    "line " + (i + 1) + ": " + fields[2]);
        }
    }
}
