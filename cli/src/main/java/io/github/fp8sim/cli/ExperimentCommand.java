package io.github.fp8sim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.fp8sim.workloads.train.Fp32Layers;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;
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

    /** One row of the table: a label and the training options that make it. */
    private record Variant(String label, String precision, String rounding, String lossScale, String masterRounding) {
    }

    @Override
    public void run() {
        if (!name.equals("fp8-training")) {
            throw new ParameterException(spec.commandLine(), "unknown experiment '" + name + "' (known: fp8-training)");
        }
        List<Variant> variants = List.of(
                new Variant("fp32", "fp32", "rne", null, "rne"),
                new Variant("fp8-rne", "fp8", "rne", "dynamic", "rne"),
                new Variant("fp8-sr", "fp8", "sr", "dynamic", "sr"),
                new Variant("fp8-sr-no-loss-scaling", "fp8", "sr", "none", "sr"));
        if (runs != null) {
            for (String r : runs) {
                if (variants.stream().noneMatch(v -> v.label().equals(r))) {
                    throw new ParameterException(spec.commandLine(), "--runs: unknown run '" + r + "' (known: "
                            + String.join(", ", variants.stream().map(Variant::label).toList()) + ")");
                }
            }
            variants = variants.stream().filter(v -> runs.contains(v.label())).toList();
        }
        List<Long> trainingSeeds = seeds == null || seeds.isEmpty() ? List.of(seed) : seeds;
        TrainingSetup.Setup setup = training.setup(seed);
        TrainingTask.Metric metric = setup.task().metric();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (training.keepsLayers() && variants.stream().noneMatch(v -> v.precision().equals("fp8"))) {
            throw new ParameterException(spec.commandLine(), "--fp32-layers: applies to the FP8 runs, and --runs selects none");
        }
        List<Trainer.Config> configs = new ArrayList<>();
        for (Variant v : variants) {
            configs.add(training.config(setup, v.precision(), "e5m2", v.rounding(), v.lossScale(), null, v.masterRounding(), seed,
                    machineOptions.resolve(), Defaults.GEMM_ENGINE));
        }
        String kept = configs.stream().map(c -> c.recipe().fp32Layers()).filter(k -> !k.isEmpty()).findFirst()
                .map(k -> ", FP8 runs with " + Fp32Layers.describe(k) + " in FP32").orElse("");
        out.printf(Locale.ROOT, "fp8-training: %s on %s (%s), %d epochs, batch %d, %s%s, %s%n", setup.model(), training.dataset,
                setup.description(), configs.get(0).epochs(), configs.get(0).batch(), TrainCommand.describeOptimizer(configs.get(0)) + TrainCommand.averaged(configs.get(0)),
                kept,
                trainingSeeds.size() == 1 ? "seed " + trainingSeeds.get(0) : "seeds " + trainingSeeds + " (data split: seed " + seed + ")");
        out.flush();
        List<Row> rows = new ArrayList<>();
        Row fp32 = null;
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            double sum = 0;
            double lastSum = 0;
            long skipped = 0;
            List<String> each = new ArrayList<>();
            long t0 = System.nanoTime();
            for (long s : trainingSeeds) {
                Trainer.Config c = configs.get(i).withSeed(s);
                String tag = trainingSeeds.size() == 1 ? v.label() : v.label() + " seed " + s;
                Trainer.Result r = Trainer.train(setup.task(), c, e -> {
                    err.printf(Locale.ROOT, "%s: epoch %d: loss %.4f, %s %s%n", tag, e.epoch(), e.trainLoss(), metric.label(),
                            metric.format(e.testScore()));
                    err.flush();
                });
                if (c.averagedEpochs() > 1) {
                    err.printf(Locale.ROOT, "%s: the mean of the last %d epochs' weights: %s %s%n", tag, c.averagedEpochs(),
                            metric.label(), metric.format(r.testScore()));
                }
                sum += r.testScore();
                lastSum += r.curve().getLast().testScore();
                skipped += r.skippedSteps();
                each.add(metric.format(r.testScore()));
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            Row row = new Row(v.label(), TrainCommand.describe(configs.get(i)), sum / trainingSeeds.size(),
                    lastSum / trainingSeeds.size(), String.join(" ", each), skipped, wall);
            if (v.precision().equals("fp32")) {
                fp32 = row;
            }
            rows.add(row);
        }
        boolean many = trainingSeeds.size() > 1;
        // with checkpoint averaging, the last weights' score too: the same runs, no more training
        boolean averaged = configs.get(0).averagedEpochs() > 1;
        List<String> header = new ArrayList<>(List.of("run", "numerics", metric.label() + (many ? " (mean)" : "")));
        if (many) {
            header.add("per seed");
        }
        header.add("vs FP32");
        if (averaged) {
            header.addAll(List.of("last epoch" + (many ? " (mean)" : ""), "vs FP32"));
        }
        header.addAll(List.of("skipped steps", "wall s"));
        TextTable t = new TextTable(header.toArray(String[]::new));
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>(List.of(row.label(), row.numerics(), metric.format(row.score())));
            if (many) {
                cells.add(row.perSeed());
            }
            cells.add(fp32 == null ? "n/a" : metric.formatDifference(row.score(), fp32.score()));
            if (averaged) {
                cells.add(metric.format(row.lastEpoch()));
                cells.add(fp32 == null ? "n/a" : metric.formatDifference(row.lastEpoch(), fp32.lastEpoch()));
            }
            cells.add(row.skipped());
            cells.add(String.format(Locale.ROOT, "%.0f", row.wall()));
            t.row(cells.toArray());
        }
        t.print(out);
        out.flush();
    }

    /** One run's line: its final-model score and its last-epoch score, each the mean over the seeds. */
    private record Row(String label, String numerics, double score, double lastEpoch, String perSeed, long skipped,
                       double wall) {
    }
}
