package io.github.fp8sim.workloads.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static void tokens(String text, String... expected) {
        assertEquals(List.of(expected), Tokenizer.tokenize(text), text);
    }

    @Test
    void wordsAreLowerCasedAndPunctuationIsSplitOff() {
        tokens("Go.", "go", ".");
        tokens("Hi, Tom!  How are you?", "hi", ",", "tom", "!", "how", "are", "you", "?");
        tokens("", new String[0]);
        tokens("   \t ", new String[0]);
    }

    @Test
    void frenchElisionKeepsTheApostropheWithTheFirstWord() {
        tokens("L'homme est là.", "l'", "homme", "est", "là", ".");
        tokens("Qu'est-ce que c'est ?", "qu'", "est-ce", "que", "c'", "est", "?");
        tokens("J’ai faim.", "j'", "ai", "faim", "."); // typographic apostrophe U+2019
    }

    @Test
    void englishContractionsFollowTheSameSimpleRule() {
        tokens("Don't go!", "don'", "t", "go", "!");
        tokens("It's Tom's.", "it'", "s", "tom'", "s", ".");
        // An apostrophe that is not between two letters is a token of its own.
        tokens("the students' 'books'", "the", "students", "'", "'", "books", "'");
    }

    @Test
    void accentsAreLettersAndNormalizedToNfc() {
        tokens("Élève ÇA", "élève", "ça");
        // "e" + U+0301 COMBINING ACUTE ACCENT composes to U+00E9, the same token as the precomposed letter.
        tokens("e\u0301te\u0301", "\u00e9t\u00e9");
        tokens("Peut-être.", "peut-être", ".");
    }

    @Test
    void noBreakSpacesAndOtherSymbols() {
        // French typography: U+202F NARROW NO-BREAK SPACE and U+00A0 NO-BREAK SPACE before ! and ?.
        tokens("Va\u202f!", "va", "!");
        tokens("Quoi\u00a0?", "quoi", "?");
        tokens("«\u00a0Oui\u00a0»", "«", "oui", "»");
        tokens("3.5 km...", "3", ".", "5", "km", ".", ".", ".");
        tokens("a - b", "a", "-", "b");
        tokens("-x x-", "-", "x", "x", "-");
    }
}
