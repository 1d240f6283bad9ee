package io.github.fp8sim.workloads.models;

/**
 * The token ids every sequence model and every tokenizer agree on: the loss of a translation model
 * masks {@link #PAD}, and the vocabulary reserves the four ids below before any word.
 */
public final class SpecialTokens {

    /** Padding after EOS. */
    public static final int PAD = 0;
    /** Beginning of sentence. */
    public static final int BOS = 1;
    /** End of sentence. */
    public static final int EOS = 2;
    /** A token not in the vocabulary. */
    public static final int UNK = 3;

    private SpecialTokens() {
    }
}
