package io.github.fp8sim.workloads.data;

import java.util.List;

/**
 * Training and held-out sentence pairs; no source sentence (compared after tokenization) is on both sides.
 *
 * @param train the pairs to train on, in file order
 * @param test  the held-out pairs to report BLEU on, in file order
 */
public record SentenceSplits(List<SentencePair> train, List<SentencePair> test) {

    public SentenceSplits {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }
}
