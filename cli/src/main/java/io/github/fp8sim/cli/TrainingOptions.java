package io.github.fp8sim.cli;

import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.workloads.train.Fp32Layers;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.LossScaler;
import io.github.fp8sim.workloads.train.MasterWeights;
import io.github.fp8sim.workloads.train.Trainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code train} and {@code experiment} share: the model and data, the run's length, the
 * optimizer, the layers kept in FP32, checkpoint averaging and host threads; and their parsing, with the
 * precision options each command supplies, into a {@link Trainer.Config}.
 */
public final class TrainingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "M",
            description = "resnet8 (images), transformer-tiny or gnmt-tiny (tatoeba) (default: resnet8 for images, transformer-tiny for tatoeba).")
    String model;

    @Option(names = "--dataset", defaultValue = TrainingSetup.SYNTHETIC, paramLabel = "D",
            description = TrainingSetup.DATASETS + " (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B", description = "Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--optimizer", paramLabel = "sgd|adam",
            description = "The update rule (default: sgd for images, adam for tatoeba).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: 0.05 for images with sgd, 0.001 for tatoeba with adam).")
    Double lr;

    @Option(names = "--fp32-layers", split = ",", paramLabel = "L1,L2,...",
            description = "GEMM layers the FP8 recipe keeps in FP32, forward and backward: first, last (the first and "
                    + "last conv, linear or LSTM layer) or node names (default: none).")
    List<String> fp32Layers;

    @Option(names = "--average-last", paramLabel = "K",
            description = "Evaluate the mean of the master weights after each of the last K epochs (checkpoint averaging); "
                    + "1 is the last weights (default: 5 for tatoeba, capped at --epochs; 1 for images).")
    Integer averageLast;

    @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
            description = "constant, or cosine decay to 0 over the run (default: constant for images, cosine for tatoeba).")
    String lrSchedule;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--threads", paramLabel = "T", description = "Host threads (default: the available processors); the same bits for any T.")
    Integer threads;

    /** Whether {@code --fp32-layers} names any layer. */
    boolean keepsLayers() {
        return fp32Layers != null && !fp32Layers.isEmpty();
    }

    /** The task these options name, its data split made from {@code seed}. */
    TrainingSetup.Setup setup(long seed) {
        return TrainingSetup.task(spec, model, dataset, seed);
    }

    /**
     * The training configuration these options and the given precision options ask for; a bad value ends in
     * a one-line {@link ParameterException} naming its option.
     */
    Trainer.Config config(TrainingSetup.Setup setup, String precision, String format, String roundingGrad, String lossScale,
                          String master, String masterRounding, long seed, MachineConfig machine, String gemmEngine) {
        Trainer.Precision p = switch (precision) {
            case "fp32" -> Trainer.Precision.FP32;
            case "fp8" -> Trainer.Precision.FP8;
            default -> throw new ParameterException(spec.commandLine(), "--precision: expected fp32 or fp8, got '" + precision + "'");
        };
        FloatFormat f = switch (format) {
            case "e5m2" -> FloatFormat.E5M2;
            case "e4m3" -> FloatFormat.E4M3;
            default -> throw new ParameterException(spec.commandLine(), "--format: expected e5m2 or e4m3, got '" + format + "'");
        };
        Rounding grad = rounding("--rounding-grad", roundingGrad);
        Rounding masterR = rounding("--master-rounding", masterRounding);
        String m = master != null ? master : p == Trainer.Precision.FP8 ? "fp16" : "fp32";
        MasterWeights.Storage storage = switch (m) {
            case "fp16" -> MasterWeights.Storage.FP16;
            case "fp32" -> MasterWeights.Storage.FP32;
            default -> throw new ParameterException(spec.commandLine(), "--master: expected fp16 or fp32, got '" + m + "'");
        };
        String ls = lossScale != null ? lossScale : p == Trainer.Precision.FP8 ? "dynamic" : "none";
        try {
            LossScaler.parse(ls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--loss-scale: " + e.getMessage());
        }
        Trainer.Method method = optimizer == null ? setup.method() : switch (optimizer) {
            case "sgd" -> Trainer.Method.SGD;
            case "adam" -> Trainer.Method.ADAM;
            default -> throw new ParameterException(spec.commandLine(), "--optimizer: expected sgd or adam, got '" + optimizer + "'");
        };
        Trainer.Schedule schedule = lrSchedule == null ? setup.schedule() : switch (lrSchedule) {
            case "constant" -> Trainer.Schedule.CONSTANT;
            case "cosine" -> Trainer.Schedule.COSINE;
            default -> throw new ParameterException(spec.commandLine(), "--lr-schedule: expected constant or cosine, got '"
                    + lrSchedule + "'");
        };
        double rate = lr != null ? lr : method == setup.method() ? setup.lr() : method == Trainer.Method.ADAM ? 1e-3 : 0.05;
        if (epochs < 1 || batch < 1 || !(rate > 0) || (threads != null && threads < 1)) {
            throw new ParameterException(spec.commandLine(), "--epochs, --batch, --lr and --threads must be positive");
        }
        if (batch > setup.task().trainSize()) {
            throw new ParameterException(spec.commandLine(), "--batch " + batch + " is more than the "
                    + setup.task().trainSize() + " training examples");
        }
        GemmEngine.Kind engine = switch (gemmEngine) {
            case "array" -> GemmEngine.Kind.ARRAY;
            case "isa" -> GemmEngine.Kind.ISA;
            default -> throw new ParameterException(spec.commandLine(), "--gemm-engine: expected array or isa, got '" + gemmEngine + "'");
        };
        try {
            GemmEngine.requireSeed(engine, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--seed: " + e.getMessage() + " (--gemm-engine isa)");
        }
        if (averageLast != null && (averageLast < 1 || averageLast > epochs)) {
            throw new ParameterException(spec.commandLine(), "--average-last " + averageLast + ": expected 1 to --epochs ("
                    + epochs + ")");
        }
        int average = averageLast != null ? averageLast : Math.min(Math.max(1, setup.averageLast()), epochs);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Fp8Numerics.Recipe recipe = Fp8Numerics.Recipe.of(f, grad);
        if (keepsLayers() && p == Trainer.Precision.FP8) {      // an FP32 run has every layer in FP32 already
            try {
                recipe = recipe.withFp32Layers(Fp32Layers.resolve(setup.task().graph(batch), fp32Layers));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--fp32-layers: " + e.getMessage());
            }
        }
        try {
            return new Trainer.Config(p, recipe, storage, masterR, ls, epochs, batch, rate, momentum,
                    weightDecay, seed, t, machine, method, schedule, engine, average == 1 ? 0 : average);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--gemm-engine: " + e.getMessage());   // FP32 with isa
        }
    }

    private Rounding rounding(String option, String text) {
        return switch (text) {
            case "sr" -> Rounding.SR;
            case "rne" -> Rounding.RNE;
            default -> throw new ParameterException(spec.commandLine(), option + ": expected sr or rne, got '" + text + "'");
        };
    }
}
