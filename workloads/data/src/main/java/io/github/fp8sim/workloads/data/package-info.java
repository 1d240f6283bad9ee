/**
 * Training and evaluation data: image datasets (optdigits, MNIST, CIFAR-10 and a built-in synthetic set),
 * English-French sentence pairs with a source-grouped held-out split, a word tokenizer and a vocabulary.
 *
 * <p>Loaders take a folder or file and turn every malformed byte or line into an
 * {@link io.github.fp8sim.runtime.io.InputException} naming the file and where in it. Images are returned
 * with pixels in [0, 1]; {@link io.github.fp8sim.workloads.data.ImageSplits#standardized()} then applies
 * per-channel statistics measured on the training split only. Everything that involves chance (splits,
 * shuffles, synthetic images) is a SplitMix64 stream from an explicit seed.
 */
package io.github.fp8sim.workloads.data;
