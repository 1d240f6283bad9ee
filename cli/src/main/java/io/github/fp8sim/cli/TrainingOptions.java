package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.List;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.workloads.train.Fp32Layers;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.setup.DatasetSpec;
import io.github.fp8sim.workloads.train.setup.SetupException;
import io.github.fp8sim.workloads.train.setup.TaskDefaults;
import io.github.fp8sim.workloads.train.setup.TrainingSetup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code train} and {@code experiment} share: the model and data, the run's length, the
 * optimizer, the layers kept in FP32, checkpoint averaging and host threads; and their mapping, with the
 * numerics each command supplies, onto the train module's {@link TrainingSetup} and {@link Trainer.Config}.
 */
public final class TrainingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "M",
            description = "resnet8 (images), transformer-tiny or gnmt-tiny (tatoeba) (default: resnet8 for images, transformer-tiny for tatoeba).")
    String model;

    @Option(names = "--dataset", defaultValue = Defaults.DATASET, paramLabel = "D",
            description = DatasetSpec.KNOWN + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--epochs", defaultValue = Defaults.EPOCHS, paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = Defaults.TRAIN_BATCH, paramLabel = "B", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", paramLabel = "sgd|adam",
            description = "The update rule (default: sgd for images, adam for tatoeba).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: " + TaskDefaults.SGD_LR + " for images with sgd, " + TaskDefaults.ADAM_LR
                    + " for tatoeba with adam).")
    Double lr;

    @Option(names = "--fp32-layers", split = ",", paramLabel = "L1,L2,...",
            description = "GEMM layers the FP8 recipe keeps in FP32, forward and backward: first, last (the first and "
                    + "last conv, linear or LSTM layer) or node names (default: none).")
    List<String> fp32Layers;

    @Option(names = "--average-last", paramLabel = "K",
            description = "Evaluate the mean of the master weights after each of the last K epochs (checkpoint averaging); "
                    + "1 is the last weights (default: " + TrainingSetup.TRANSLATION_AVERAGE_LAST
                    + " for tatoeba, capped at --epochs; 1 for images).")
    Integer averageLast;

    @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
            description = "constant, or cosine decay to 0 over the run (default: constant for images, cosine for tatoeba).")
    String lrSchedule;

    @Option(names = "--momentum", defaultValue = Defaults.MOMENTUM, description = "Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = Defaults.WEIGHT_DECAY, description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--threads", paramLabel = "T", description = "Host threads (default: the available processors); the same bits for any T.")
    Integer threads;

    /** Declares the file or folder {@code --dataset} reads, if any, as an input of {@code files}. */
    Outputs inputs(Outputs files) {
        String location = DatasetSpec.parse(dataset).location();
        return files.input("--dataset", location == null || location.isEmpty() ? null : Path.of(location));
    }

    /** Whether {@code --fp32-layers} names any layer. */
    boolean keepsLayers() {
        return fp32Layers != null && !fp32Layers.isEmpty();
    }

    /**
     * The task these options name, its data split made from {@code seed}; a bad dataset or model is a one-line error,
     * and so is any option value that is bad on its own, checked first.
     */
    TrainingSetup setup(long seed) {
        check();
        try {
            return TrainingSetup.of(model, dataset, seed);
        } catch (SetupException e) {
            String option = e.input() == SetupException.Input.MODEL ? "--model " : "--dataset ";
            throw new ParameterException(spec.commandLine(), option + e.value() + ": " + e.getMessage());
        }
    }

    /** Each value that is bad whatever the task: a usage error naming the option and its value, before any work. */
    private void check() {
        OptionChecks checks = new OptionChecks(spec).atLeast("--epochs", epochs, 1).atLeast("--batch", batch, 1)
                .require(momentum >= 0 && momentum < 1, "--momentum", momentum, "a number in [0, 1)")
                .nonNegative("--weight-decay", weightDecay)
                .notEmpty("--fp32-layers", fp32Layers);
        if (lr != null) {
            checks.positive("--lr", lr);
        }
        if (threads != null) {
            checks.atLeast("--threads", threads, 1);
        }
        if (averageLast != null) {
            checks.require(averageLast >= 1 && averageLast <= epochs, "--average-last", averageLast,
                    "1 to --epochs (" + epochs + ")");
        }
    }

    /**
     * The training configuration these options and the command's {@code numerics} ask for, the layers of
     * {@code --fp32-layers} added to an FP8 recipe; a bad value ends in a one-line {@link ParameterException}
     * naming its option.
     */
    Trainer.Config config(TrainingSetup setup, Trainer.Numerics numerics, long seed, MachineConfig machine) {
        TaskDefaults defaults = setup.defaults();
        Trainer.Method method = optimizer == null ? defaults.method() : switch (optimizer) {
            case "sgd" -> Trainer.Method.SGD;
            case "adam" -> Trainer.Method.ADAM;
            default -> throw new ParameterException(spec.commandLine(), "--optimizer: expected sgd or adam, got '" + optimizer + "'");
        };
        Trainer.Schedule schedule = lrSchedule == null ? defaults.schedule() : switch (lrSchedule) {
            case "constant" -> Trainer.Schedule.CONSTANT;
            case "cosine" -> Trainer.Schedule.COSINE;
            default -> throw new ParameterException(spec.commandLine(), "--lr-schedule: expected constant or cosine, got '"
                    + lrSchedule + "'");
        };
        double rate = lr != null ? lr : defaults.lrFor(method);
        if (batch > setup.task().trainSize()) {
            throw new ParameterException(spec.commandLine(), "--batch " + batch + " is more than the "
                    + setup.task().trainSize() + " training examples");
        }
        try {
            GemmEngine.requireSeed(numerics.gemmEngine(), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--seed: " + e.getMessage() + " (--gemm-engine isa)");
        }
        int average = averageLast != null ? averageLast : defaults.averagedEpochs(epochs);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (keepsLayers() && numerics.precision() == Trainer.Precision.FP8) {      // an FP32 run has every layer in FP32 already
            try {
                Fp8Numerics.Recipe recipe = numerics.recipe()
                        .withFp32Layers(Fp32Layers.resolve(setup.task().graph(batch), fp32Layers));
                numerics = new Trainer.Numerics(numerics.precision(), recipe, numerics.master(), numerics.masterRounding(),
                        numerics.lossScale(), numerics.gemmEngine());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--fp32-layers: " + e.getMessage());
            }
        }
        return new Trainer.Config(numerics, new Trainer.Optimization(method, rate, schedule, momentum, weightDecay),
                new Trainer.Length(epochs, batch, average), new Trainer.Run(seed, t, machine));
    }
}
