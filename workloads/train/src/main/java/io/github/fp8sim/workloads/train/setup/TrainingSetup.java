package io.github.fp8sim.workloads.train.setup;

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

/**
 * A task ready to train: a model on a dataset, its data loaded and split, and how the task trains
 * unless told otherwise.
 *
 * @param model       the model's name
 * @param description what the data holds, for people ("2000 training and 500 test images")
 */
public record TrainingSetup(String model, TrainingTask task, String description, TaskDefaults defaults) {

    /** The longest sentence (tokens, either side) kept from a Tatoeba file, and the model's lengths. */
    public static final int MAX_TOKENS = 10;
    /** A token needs this many occurrences in the training pairs to get an id of its own; rarer ones are UNK. */
    public static final int MIN_COUNT = 2;
    /** The share of Tatoeba pairs held out for BLEU: about 500 source sentences, so that one BLEU figure is not a few lucky sentences. */
    public static final double TEST_FRACTION = 0.2;

    /**
     * Translation models are evaluated as the mean of their last 5 epochs' weights, as the base Transformer
     * averages its last 5 checkpoints (Vaswani et al. 2017, section 6.1): one run's greedy BLEU on a few
     * hundred sentences moves by points from epoch to epoch.
     */
    public static final int TRANSLATION_AVERAGE_LAST = 5;

    /** Image classification: SGD at a constant rate, the last weights. */
    public static final TaskDefaults IMAGES = new TaskDefaults(Trainer.Method.SGD, TaskDefaults.SGD_LR, Trainer.Schedule.CONSTANT, 0);
    /** Translation: Adam decayed by cosine (BLEU of a constant-rate run swings by points from epoch to epoch), averaged checkpoints. */
    public static final TaskDefaults TRANSLATION = new TaskDefaults(Trainer.Method.ADAM, TaskDefaults.ADAM_LR,
            Trainer.Schedule.COSINE, TRANSLATION_AVERAGE_LAST);

    /**
     * The task of {@code model} on {@code dataset}.
     *
     * @param model   the model's name, or null for the dataset's usual one (resnet8; transformer-tiny for tatoeba)
     * @param dataset a {@link DatasetSpec}
     * @param seed    the seed of the data split (and of the synthetic images)
     * @throws SetupException for an unknown dataset or model, a missing location, or too little data
     */
    public static TrainingSetup of(String model, String dataset, long seed) {
        DatasetSpec spec = DatasetSpec.parse(dataset);
        if (spec.kind().equals("tatoeba")) {
            Path file = spec.path("FILE");
            SentenceSplits splits = SentencePairs.load(file, seed, TEST_FRACTION, MAX_TOKENS);
            if (splits.train().isEmpty() || splits.test().isEmpty()) {
                throw new SetupException(SetupException.Input.DATASET, dataset, file + " has "
                        + (splits.train().size() + splits.test().size()) + " pairs of at most " + MAX_TOKENS
                        + " tokens a side, too few to hold out " + Math.round(100 * TEST_FRACTION) + "% and train on the rest");
            }
            TranslationCorpus corpus = TranslationCorpus.of(splits, MAX_TOKENS, MIN_COUNT);
            String text = String.format(Locale.ROOT, "%d training pairs, %d test sources, vocabulary %d",
                    corpus.trainSources().size(), corpus.testSources().size(), corpus.vocabulary().size());
            String name = model != null ? model : "transformer-tiny";
            return new TrainingSetup(name, new Translation(sequenceModel(name, corpus), corpus), text, TRANSLATION);
        }
        ImageSplits raw = switch (spec.kind()) {
            case DatasetSpec.SYNTHETIC -> SyntheticImages.generate(10, 1, 8, 2000, 500, seed);
            case "optdigits" -> Optdigits.load(spec.path("DIR"));
            case "mnist" -> Mnist.load(spec.path("DIR"));
            case "cifar10" -> Cifar10.load(spec.path("DIR"));
            default -> throw new SetupException(SetupException.Input.DATASET, dataset, "expected " + DatasetSpec.KNOWN);
        };
        ImageSplits data = raw.standardized();
        String text = String.format(Locale.ROOT, "%d training and %d test images", data.train().size(), data.test().size());
        String name = model != null ? model : "resnet8";
        return new TrainingSetup(name, new ImageClassification(imageModel(name, dataset, data), data), text, IMAGES);
    }

    /** The model for the dataset's images, by batch size. */
    private static IntFunction<Graph> imageModel(String name, String dataset, ImageSplits data) {
        if (!name.equals("resnet8")) {
            throw new SetupException(SetupException.Input.MODEL, name, "image datasets train resnet8 "
                    + "(gnmt-tiny and transformer-tiny train on tatoeba:FILE)");
        }
        var t = data.train();
        if (t.height() != t.width()) {
            throw new SetupException(SetupException.Input.DATASET, dataset, "resnet8 needs square images, got "
                    + t.height() + "x" + t.width());
        }
        return b -> ResNet.build(ResNet.resnet8(b).withInputChannels(t.channels()).withInputSize(t.height())
                .withClasses(t.classes()));
    }

    /** The translation model sized for the corpus's vocabulary and lengths, by batch size. */
    private static IntFunction<Graph> sequenceModel(String name, TranslationCorpus corpus) {
        int v = corpus.vocabulary().size();
        int src = corpus.sourceLength();
        int tgt = corpus.targetLength();
        return switch (name) {
            case "transformer-tiny" -> b -> Transformer.build(Transformer.tiny(b).withVocab(v).withLengths(src, tgt));
            case "gnmt-tiny" -> b -> Gnmt.build(Gnmt.tiny(b).withVocab(v).withLengths(src, tgt));
            default -> throw new SetupException(SetupException.Input.MODEL, name, "tatoeba trains transformer-tiny or gnmt-tiny");
        };
    }
}
