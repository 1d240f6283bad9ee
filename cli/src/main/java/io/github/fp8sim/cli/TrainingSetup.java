package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntFunction;

import io.github.fp8sim.workloads.data.Cifar10;
import io.github.fp8sim.workloads.data.ImageSplits;
import io.github.fp8sim.workloads.data.Mnist;
import io.github.fp8sim.workloads.data.Optdigits;
import io.github.fp8sim.workloads.data.SentencePairs;
import io.github.fp8sim.workloads.data.SentenceSplits;
import io.github.fp8sim.workloads.data.SyntheticImages;
import io.github.fp8sim.workloads.data.TranslationCorpus;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.Gnmt;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.train.ImageClassification;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;
import io.github.fp8sim.workloads.train.Translation;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The dataset and model options {@code train} and {@code experiment} share. */
final class TrainingSetup {

    /** The built-in procedural set: 10 classes of 8x8 grey images, 2,000 for training and 500 for test. */
    static final String SYNTHETIC = "synthetic";

    /** The dataset option's help text. */
    static final String DATASETS = "optdigits:DIR, mnist:DIR, cifar10:DIR, tatoeba:FILE or synthetic";

    /** The longest sentence (tokens, either side) kept from a Tatoeba file, and the model's lengths. */
    static final int MAX_TOKENS = 10;
    /** A token needs this many occurrences in the training pairs to get an id of its own; rarer ones are UNK. */
    static final int MIN_COUNT = 2;
    /** The share of Tatoeba pairs held out for BLEU: about 500 source sentences, so that one BLEU figure is not a few lucky sentences. */
    static final double TEST_FRACTION = 0.2;

    private TrainingSetup() {
    }

    /**
     * A task ready to train, what it holds (for the first line of output), and the optimizer and learning
     * rate its model trains with unless the options say otherwise.
     */
    record Setup(String model, TrainingTask task, String description, Trainer.Method method, double lr, Trainer.Schedule schedule,
                 int averageLast) {
    }

    /**
     * Translation models are evaluated as the mean of their last 5 epochs' weights, as the base Transformer
     * averages its last 5 checkpoints (Vaswani et al. 2017, section 6.1): one run's greedy BLEU on a few
     * hundred sentences moves by points from epoch to epoch.
     */
    static final int TRANSLATION_AVERAGE_LAST = 5;

    /**
     * The task of {@code model} on {@code dataset}; bad names or files end in a one-line message.
     *
     * @param model the model's name, or null for the dataset's usual one (resnet8; transformer-tiny for tatoeba)
     */
    static Setup task(CommandSpec spec, String model, String dataset, long seed) {
        int colon = dataset.indexOf(':');
        String kind = colon < 0 ? dataset : dataset.substring(0, colon);
        String where = colon < 0 ? null : dataset.substring(colon + 1);
        if (kind.equals("tatoeba")) {
            Path file = path(spec, kind, where, "FILE");
            SentenceSplits splits = SentencePairs.load(file, seed, TEST_FRACTION, MAX_TOKENS);
            if (splits.train().isEmpty() || splits.test().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + dataset + ": " + file + " has "
                        + (splits.train().size() + splits.test().size()) + " pairs of at most " + MAX_TOKENS
                        + " tokens a side, too few to hold out " + Math.round(100 * TEST_FRACTION) + "% and train on the rest");
            }
            TranslationCorpus corpus = TranslationCorpus.of(splits, MAX_TOKENS, MIN_COUNT);
            String text = String.format(Locale.ROOT, "%d training pairs, %d test sources, vocabulary %d",
                    corpus.trainSources().size(), corpus.testSources().size(), corpus.vocabulary().size());
            // Adam at 1e-3 decayed by cosine: BLEU of a constant-rate run swings by points from epoch to epoch
            String name = model != null ? model : "transformer-tiny";
            return new Setup(name, new Translation(sequenceModel(spec, name, corpus), corpus), text, Trainer.Method.ADAM, 1e-3,
                    Trainer.Schedule.COSINE, TRANSLATION_AVERAGE_LAST);
        }
        ImageSplits raw = switch (kind) {
            case SYNTHETIC -> SyntheticImages.generate(10, 1, 8, 2000, 500, seed);
            case "optdigits" -> Optdigits.load(path(spec, kind, where, "DIR"));
            case "mnist" -> Mnist.load(path(spec, kind, where, "DIR"));
            case "cifar10" -> Cifar10.load(path(spec, kind, where, "DIR"));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--dataset: expected " + DATASETS
                    + ", got '" + dataset + "'");
        };
        ImageSplits data = raw.standardized();
        String text = String.format(Locale.ROOT, "%d training and %d test images", data.train().size(), data.test().size());
        String name = model != null ? model : "resnet8";
        return new Setup(name, new ImageClassification(imageModel(spec, name, data), data), text, Trainer.Method.SGD, 0.05,
                Trainer.Schedule.CONSTANT, 0);
    }

    private static Path path(CommandSpec spec, String kind, String where, String what) {
        if (where == null || where.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + kind + ": expected " + kind + ":" + what);
        }
        return Path.of(where);
    }

    /** The model for the dataset's images, by batch size. */
    private static IntFunction<Graph> imageModel(CommandSpec spec, String name, ImageSplits data) {
        if (!name.equals("resnet8")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: image datasets train resnet8 "
                    + "(gnmt-tiny and transformer-tiny train on tatoeba:FILE), got '" + name + "'");
        }
        var t = data.train();
        if (t.height() != t.width()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "resnet8 needs square images, got "
                    + t.height() + "x" + t.width());
        }
        return b -> ResNet.build(ResNet.resnet8(b).withInputChannels(t.channels()).withInputSize(t.height())
                .withClasses(t.classes()));
    }

    /** The translation model sized for the corpus's vocabulary and lengths, by batch size. */
    private static IntFunction<Graph> sequenceModel(CommandSpec spec, String name, TranslationCorpus corpus) {
        int v = corpus.vocabulary().size();
        int src = corpus.sourceLength();
        int tgt = corpus.targetLength();
        return switch (name) {
            case "transformer-tiny" -> b -> Transformer.build(Transformer.tiny(b).withVocab(v).withLengths(src, tgt));
            case "gnmt-tiny" -> b -> Gnmt.build(Gnmt.tiny(b).withVocab(v).withLengths(src, tgt));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--model: tatoeba trains "
                    + "transformer-tiny or gnmt-tiny, got '" + name + "'");
        };
    }
}
