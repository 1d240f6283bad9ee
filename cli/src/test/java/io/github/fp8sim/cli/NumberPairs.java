package io.github.fp8sim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** A Tatoeba-format pair file the tests write: spelled-out numbers, English to French, word by word. */
final class NumberPairs {

    private static final String[] EN = {"one", "two", "three", "four", "five", "six"};
    private static final String[] FR = {"un", "deux", "trois", "quatre", "cinq", "six"};

    private NumberPairs() {
    }

    /** Writes {@code n} pairs of 2 to 4 words to {@code dir/pairs.txt}, each with an attribution column. */
    static Path write(Path dir, int n) throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            StringBuilder a = new StringBuilder();
            StringBuilder b = new StringBuilder();
            for (int j = 0, len = 2 + r.nextInt(3); j < len; j++) {
                int w = r.nextInt(EN.length);
                a.append(j == 0 ? "" : " ").append(EN[w]);
                b.append(j == 0 ? "" : " ").append(FR[w]);
            }
            text.append(a).append('\t').append(b).append("\tCC-BY 2.0 (France) Attribution: test\n");
        }
        Path file = dir.resolve("pairs.txt");
        Files.writeString(file, text);
        return file;
    }
}
