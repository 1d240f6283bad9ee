package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.function.IntFunction;

import io.github.fp8sim.workloads.data.Cifar10;
import io.github.fp8sim.workloads.data.ImageSplits;
import io.github.fp8sim.workloads.data.Mnist;
import io.github.fp8sim.workloads.data.Optdigits;
import io.github.fp8sim.workloads.data.SyntheticImages;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.ResNet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The dataset and model options {@code train} and {@code experiment} share. */
final class TrainingSetup {

    /** The built-in procedural set: 10 classes of 8x8 grey images, 2,000 for training and 500 for test. */
    static final String SYNTHETIC = "synthetic";

    private TrainingSetup() {
    }

    /** {@code optdigits:DIR}, {@code mnist:DIR}, {@code cifar10:DIR} or {@code synthetic}, standardised by the training split. */
    static ImageSplits dataset(CommandSpec spec, String text, long seed) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String where = colon < 0 ? null : text.substring(colon + 1);
        ImageSplits raw = switch (kind) {
            case SYNTHETIC -> SyntheticImages.generate(10, 1, 8, 2000, 500, seed);
            case "optdigits" -> Optdigits.load(path(spec, kind, where));
            case "mnist" -> Mnist.load(path(spec, kind, where));
            case "cifar10" -> Cifar10.load(path(spec, kind, where));
            case "tatoeba" -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dataset tatoeba: training the sequence models (gnmt-tiny, transformer-tiny) is not built yet; "
                            + "image datasets train with --model resnet8");
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--dataset: expected optdigits:DIR, "
                    + "mnist:DIR, cifar10:DIR, tatoeba:FILE or synthetic, got '" + text + "'");
        };
        return raw.standardized();
    }

    private static Path path(CommandSpec spec, String kind, String where) {
        if (where == null || where.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dataset " + kind + ": expected " + kind + ":DIR");
        }
        return Path.of(where);
    }

    /** The model for the dataset's images, by batch size. */
    static IntFunction<Graph> model(CommandSpec spec, String name, ImageSplits data) {
        if (!name.equals("resnet8")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: the trainable model is resnet8 "
                    + "(gnmt-tiny and transformer-tiny training is not built yet), got '" + name + "'");
        }
        var t = data.train();
        if (t.height() != t.width()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "resnet8 needs square images, got "
                    + t.height() + "x" + t.width());
        }
        return b -> ResNet.build(ResNet.resnet8(b).withInputChannels(t.channels()).withInputSize(t.height())
                .withClasses(t.classes()));
    }
}
