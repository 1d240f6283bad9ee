package io.github.fp8sim.workloads.data;

import java.util.Objects;

/**
 * A sentence and its translation, as written in the file (not tokenized).
 *
 * @param source the sentence to translate (English in the Tatoeba eng-fra file)
 * @param target its translation (French)
 */
public record SentencePair(String source, String target) {

    public SentencePair {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
