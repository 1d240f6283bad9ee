package io.github.fp8sim.workloads.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, language-neutral word tokenizer for English and French sentences, the same for sources,
 * references and hypotheses (BLEU compares tokens, so what matters is that all sides match).
 *
 * <ol>
 *   <li>Lower case with {@link Locale#ROOT}, then Unicode NFC normalization (so {@code e} + combining
 *       acute and precomposed {@code é} are one letter); typographic apostrophes (U+2019, U+2018,
 *       U+02BC) become {@code '}.</li>
 *   <li>Whitespace separates tokens: {@link Character#isWhitespace} and the no-break spaces French
 *       typography puts before {@code ! ? : ;} (U+00A0, U+202F, any {@link Character#isSpaceChar}).</li>
 *   <li>A word is a run of letters and digits ({@link Character#isLetterOrDigit}, so accented letters
 *       are letters) and combining marks; a hyphen between two such characters stays inside the word
 *       ({@code peut-être}, {@code est-ce}).</li>
 *   <li>An apostrophe between two letters or digits ends the word and stays with it: French elision
 *       {@code l'homme} gives {@code l'} {@code homme}, {@code qu'est-ce} gives {@code qu'} {@code est-ce}.
 *       English gets the same rule, deliberately simple: {@code don't} gives {@code don'} {@code t},
 *       {@code it's} gives {@code it'} {@code s}. Any other apostrophe is a token of its own.</li>
 *   <li>Every other character (punctuation, symbols) is a token of one character: {@code "..."} is three
 *       {@code .} tokens, {@code 3.5} is {@code 3} {@code .} {@code 5}.</li>
 * </ol>
 */
public final class Tokenizer {

    private Tokenizer() {}

    /** The tokens of {@code text}, in order; none is empty. */
    public static List<String> tokenize(String text) {
        String s = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFC)
                .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'');
        List<String> tokens = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                i += Character.charCount(cp);
            } else if (isWordChar(cp)) {
                int start = i;
                i += Character.charCount(cp);
                while (i < n) {
                    int c = s.codePointAt(i);
                    if (isWordChar(c)) {
                        i += Character.charCount(c);
                    } else if (c == '-' && i + 1 < n && isWordChar(s.codePointAt(i + 1))) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                if (i + 1 < n && s.charAt(i) == '\'' && isWordChar(s.codePointAt(i + 1))) {
                    i += 1; // elision: the apostrophe belongs to the word before it
                }
                tokens.add(s.substring(start, i));
            } else {
                int len = Character.charCount(cp);
                tokens.add(s.substring(i, i + len));
                i += len;
            }
        }
        return tokens;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
