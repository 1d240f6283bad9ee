package io.github.fp8sim.workloads.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;

/**
 * The paper's comparison: the same model trained from the same seed in FP32, in FP8 with RNE
 * everywhere, in FP8 with stochastic rounding (the recipe) and in FP8 without loss scaling, each scored
 * on the task's test set and set against FP32. With several seeds each run is trained once per seed on
 * the same data and scored by the mean.
 */
public final class Fp8TrainingExperiment {

    /** The experiment's name. */
    public static final String NAME = "fp8-training";

    /**
     * One run of the comparison: what differs from the others.
     *
     * @param rounding       the rounding of errors and weight gradients
     * @param lossScale      {@link io.github.fp8sim.workloads.train.LossScaler#parse} text, or null for the precision's default
     * @param masterRounding the FP16 master update's rounding
     */
    public record Variant(String label, Trainer.Precision precision, Rounding rounding, String lossScale, Rounding masterRounding) {

        /**
         * {@code base} with this variant's numerics: E5M2 operands, the precision's master weights, and the
         * layers {@code base} keeps in FP32 when this is an FP8 run. The optimizer, length and run stay.
         */
        public Trainer.Config configure(Trainer.Config base) {
            Fp8Numerics.Recipe recipe = Fp8Numerics.Recipe.of(FloatFormat.E5M2, rounding);
            if (precision == Trainer.Precision.FP8) {      // an FP32 run has every layer in FP32 already
                recipe = recipe.withFp32Layers(base.numerics().recipe().fp32Layers());
            }
            Trainer.Numerics numerics = new Trainer.Numerics(precision, recipe, precision.defaultMaster(), masterRounding,
                    lossScale != null ? lossScale : precision.defaultLossScale(), GemmEngine.Kind.ARRAY);
            return new Trainer.Config(numerics, base.optimization(), base.length(), base.run());
        }
    }

    /** The four runs, in the table's order. */
    public static final List<Variant> VARIANTS = List.of(
            new Variant("fp32", Trainer.Precision.FP32, Rounding.RNE, null, Rounding.RNE),
            new Variant("fp8-rne", Trainer.Precision.FP8, Rounding.RNE, "dynamic", Rounding.RNE),
            new Variant("fp8-sr", Trainer.Precision.FP8, Rounding.SR, "dynamic", Rounding.SR),
            new Variant("fp8-sr-no-loss-scaling", Trainer.Precision.FP8, Rounding.SR, "none", Rounding.SR));

    /** A variant and the configuration it trains with. */
    public record Arm(Variant variant, Trainer.Config config) {
    }

    /** What the caller hears while the runs train. */
    public interface Progress {

        /**
         * An epoch ended.
         *
         * @param tag the run's label, followed by {@code " seed S"} when the experiment has several seeds
         */
        void epoch(String tag, Trainer.Epoch epoch);

        /** A run that averages checkpoints finished: its final model's score. */
        void averaged(String tag, int epochs, double score);
    }

    /**
     * One run's line.
     *
     * @param score     the final model's score, the mean over the seeds
     * @param lastEpoch the last epoch's score (before checkpoint averaging), the mean over the seeds
     * @param perSeed   each seed's final score, in seed order
     * @param skipped   loss-scaling skipped steps, summed over the seeds
     */
    public record Row(Variant variant, String numerics, double score, double lastEpoch, List<Double> perSeed, long skipped,
                      double wallSeconds) {
    }

    /**
     * The experiment's outcome.
     *
     * @param averaged whether the runs average checkpoints, so that the last epoch's score differs from the final one
     */
    public record Result(TrainingTask.Metric metric, List<Row> rows, boolean averaged) {

        /** The FP32 run's row, if it was run. */
        public Optional<Row> fp32() {
            return rows.stream().filter(r -> r.variant().precision() == Trainer.Precision.FP32).reduce((a, b) -> b);
        }

        /** Whether the runs were trained on more than one seed. */
        public boolean manySeeds() {
            return !rows.isEmpty() && rows.get(0).perSeed().size() > 1;
        }

        /**
         * The table for people: run, numerics, score, each seed's score (several seeds), the difference
         * from FP32, with checkpoint averaging the last epoch's score and its difference, skipped steps
         * and wall seconds.
         */
        public Table table() {
            boolean many = manySeeds();
            List<String> header = new ArrayList<>(List.of("run", "numerics", metric.label() + (many ? " (mean)" : "")));
            if (many) {
                header.add("per seed");
            }
            header.add("vs FP32");
            if (averaged) {
                header.addAll(List.of("last epoch" + (many ? " (mean)" : ""), "vs FP32"));
            }
            header.addAll(List.of("skipped steps", "wall s"));
            Optional<Row> fp32 = fp32();
            List<List<String>> cells = new ArrayList<>();
            for (Row row : rows) {
                List<String> c = new ArrayList<>(List.of(row.variant().label(), row.numerics(), metric.format(row.score())));
                if (many) {
                    c.add(String.join(" ", row.perSeed().stream().map(metric::format).toList()));
                }
                c.add(fp32.map(f -> metric.formatDifference(row.score(), f.score())).orElse("n/a"));
                if (averaged) {
                    c.add(metric.format(row.lastEpoch()));
                    c.add(fp32.map(f -> metric.formatDifference(row.lastEpoch(), f.lastEpoch())).orElse("n/a"));
                }
                c.add(Long.toString(row.skipped()));
                c.add(String.format(Locale.ROOT, "%.0f", row.wallSeconds()));
                cells.add(List.copyOf(c));
            }
            return new Table(List.copyOf(header), List.copyOf(cells));
        }
    }

    /** A table's header and rows of cells. */
    public record Table(List<String> header, List<List<String>> rows) {
    }

    private Fp8TrainingExperiment() {
    }

    /**
     * The variants named by {@code labels}, in the table's order, or all four for null or none.
     *
     * @throws IllegalArgumentException naming an unknown label and the known ones
     */
    public static List<Variant> select(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            return VARIANTS;
        }
        for (String l : labels) {
            if (VARIANTS.stream().noneMatch(v -> v.label().equals(l))) {
                throw new IllegalArgumentException("unknown run '" + l + "' (known: "
                        + String.join(", ", VARIANTS.stream().map(Variant::label).toList()) + ")");
            }
        }
        return VARIANTS.stream().filter(v -> labels.contains(v.label())).toList();
    }

    /** Each variant with {@code base} {@linkplain Variant#configure configured} for it. */
    public static List<Arm> arms(List<Variant> variants, Trainer.Config base) {
        return variants.stream().map(v -> new Arm(v, v.configure(base))).toList();
    }

    /** The layers the FP8 arms keep in FP32, or none. */
    public static Set<String> keptLayers(List<Arm> arms) {
        return arms.stream().map(a -> a.config().numerics().recipe().fp32Layers()).filter(k -> !k.isEmpty()).findFirst()
                .orElse(Set.of());
    }

    /**
     * Trains every arm once per seed, in order, on {@code task}.
     *
     * @param seeds the training seeds (weights, data order, random bits); the data split is the task's
     */
    public static Result run(TrainingTask task, List<Arm> arms, List<Long> seeds, Progress progress) {
        if (arms.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs a run and a seed");
        }
        List<Row> rows = new ArrayList<>();
        for (Arm arm : arms) {
            double sum = 0;
            double lastSum = 0;
            long skipped = 0;
            List<Double> each = new ArrayList<>();
            long t0 = System.nanoTime();
            for (long s : seeds) {
                Trainer.Config c = arm.config().withSeed(s);
                String tag = seeds.size() == 1 ? arm.variant().label() : arm.variant().label() + " seed " + s;
                Trainer.Result r = Trainer.train(task, c, e -> progress.epoch(tag, e));
                if (c.averagedEpochs() > 1) {
                    progress.averaged(tag, c.averagedEpochs(), r.testScore());
                }
                sum += r.testScore();
                lastSum += r.curve().getLast().testScore();
                skipped += r.skippedSteps();
                each.add(r.testScore());
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            rows.add(new Row(arm.variant(), arm.config().numerics().describe(), sum / seeds.size(), lastSum / seeds.size(),
                    List.copyOf(each), skipped, wall));
        }
        return new Result(task.metric(), List.copyOf(rows), arms.get(0).config().averagedEpochs() > 1);
    }
}
