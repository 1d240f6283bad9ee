package io.github.fp8sim.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.workloads.experiment.Fp8TrainingExperiment;
import io.github.fp8sim.workloads.train.Fp32Layers;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.MasterWeights;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;
import io.github.fp8sim.workloads.train.setup.TrainingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim experiment fp8-training}: the paper's comparison, FP32 against FP8 variants on one seed. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Runs a named experiment. fp8-training: trains the same model from the same seed in FP32, in FP8 with "
                + "RNE everywhere, in FP8 with stochastic rounding (the recipe) and in FP8 without loss scaling, and prints "
                + "the final test accuracy (BLEU for tatoeba) of each and its difference from FP32.")
public final class ExperimentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    MachineOptions machineOptions;

    @Mixin
    TrainingOptions training;

    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment: fp8-training.")
    String name;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S",
            description = "Seed of the data split (and of training, without --seeds) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--seeds", split = ",", paramLabel = "S1,S2,...",
            description = "Train each run once per seed (weights, data order, random bits) on the same data; the table "
                    + "shows the mean and each seed's score.")
    List<Long> seeds;

    @Option(names = "--runs", split = ",", paramLabel = "R1,R2,...",
            description = "Only these runs: fp32, fp8-rne, fp8-sr, fp8-sr-no-loss-scaling (default: all four).")
    List<String> runs;

    @Override
    public void run() {
        if (!name.equals(Fp8TrainingExperiment.NAME)) {
            throw new ParameterException(spec.commandLine(), "unknown experiment '" + name + "' (known: "
                    + Fp8TrainingExperiment.NAME + ")");
        }
        new OptionChecks(spec).notEmpty("--seeds", seeds).notEmpty("--runs", runs);
        List<Fp8TrainingExperiment.Variant> variants;
        try {
            variants = Fp8TrainingExperiment.select(runs);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--runs: " + e.getMessage());
        }
        List<Long> trainingSeeds = seeds == null ? List.of(seed) : seeds;
        TrainingSetup setup = training.setup(seed);
        TrainingTask.Metric metric = setup.task().metric();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (training.keepsLayers() && variants.stream().noneMatch(v -> v.precision() == Trainer.Precision.FP8)) {
            throw new ParameterException(spec.commandLine(), "--fp32-layers: applies to the FP8 runs, and --runs selects none");
        }
        // the recipe's numerics carry --fp32-layers to the FP8 arms; each arm sets its own precision and roundings
        Trainer.Numerics recipe = new Trainer.Numerics(Trainer.Precision.FP8, Fp8Numerics.Recipe.of(FloatFormat.E5M2, Rounding.SR),
                MasterWeights.Storage.FP16, Rounding.SR, Trainer.Precision.FP8.defaultLossScale(), GemmEngine.Kind.ARRAY);
        Trainer.Config base = training.config(setup, recipe, seed, machineOptions.resolve());
        List<Fp8TrainingExperiment.Arm> arms = Fp8TrainingExperiment.arms(variants, base);
        Set<String> kept = Fp8TrainingExperiment.keptLayers(arms);
        out.printf(Locale.ROOT, "fp8-training: %s on %s (%s), %d epochs, batch %d, %s%s, %s%n", setup.model(), training.dataset,
                setup.description(), base.length().epochs(), base.length().batch(), base.optimization().describe()
                        + TrainCommand.averaged(base),
                kept.isEmpty() ? "" : ", FP8 runs with " + Fp32Layers.describe(kept) + " in FP32",
                trainingSeeds.size() == 1 ? "seed " + trainingSeeds.get(0) : "seeds " + trainingSeeds + " (data split: seed " + seed + ")");
        out.flush();
        Fp8TrainingExperiment.Result result = Fp8TrainingExperiment.run(setup.task(), arms, trainingSeeds,
                new Fp8TrainingExperiment.Progress() {
                    @Override
                    public void epoch(String tag, Trainer.Epoch e) {
                        err.printf(Locale.ROOT, "%s: epoch %d: loss %.4f, %s %s%n", tag, e.epoch(), e.trainLoss(), metric.label(),
                                metric.format(e.testScore()));
                        err.flush();
                    }

                    @Override
                    public void averaged(String tag, int epochs, double score) {
                        err.printf(Locale.ROOT, "%s: the mean of the last %d epochs' weights: %s %s%n", tag, epochs,
                                metric.label(), metric.format(score));
                    }
                });
        Fp8TrainingExperiment.Table table = result.table();
        TextTable t = new TextTable(table.header().toArray(String[]::new));
        for (List<String> row : table.rows()) {
            t.row(row.toArray());
        }
        t.print(out);
        out.flush();
    }
}
