package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.report.ReportSection;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.LossScaler;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.MasterWeights;
import io.github.fp8sim.workloads.train.ScaleEvent;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingStepCost;
import io.github.fp8sim.workloads.train.TrainingTask;
import io.github.fp8sim.workloads.train.setup.TrainingSetup;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim train}: a model trained in FP32 or with the FP8 recipe on the modelled MAC array. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a model in FP32 or with the FP8 recipe (GEMMs on the modelled MAC array, FP16 master weights, "
                + "loss scaling, stochastic rounding); prints a line per epoch and the final test accuracy or BLEU.")
public final class TrainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    MachineOptions machineOptions;

    @Mixin
    TrainingOptions training;

    @Option(names = "--precision", defaultValue = Defaults.PRECISION, paramLabel = "fp32|fp8", description = "Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--format", defaultValue = Defaults.FORMAT, paramLabel = "e5m2|e4m3",
            description = "The FP8 format of every tensor class (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--rounding-grad", defaultValue = Defaults.ROUNDING_GRAD, paramLabel = "sr|rne",
            description = "Rounding of errors and weight gradients (default: ${DEFAULT-VALUE}).")
    String roundingGrad;

    @Option(names = "--loss-scale", paramLabel = "S",
            description = "none, static:S, dynamic[:init=..,growth=..,window=..] or enhanced[:min=..,schedule=STEP:S;...] "
                    + "(default: dynamic for fp8, none for fp32).")
    String lossScale;

    @Option(names = "--master", paramLabel = "fp16|fp32", description = "Master weights (default: fp16 for fp8, fp32 for fp32).")
    String master;

    @Option(names = "--master-rounding", defaultValue = Defaults.MASTER_ROUNDING, paramLabel = "sr|rne",
            description = "Rounding of the FP16 master update, SR with 13 random bits (default: ${DEFAULT-VALUE}).")
    String masterRounding;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S",
            description = "Seed of the weights, the data order, the synthetic data and every random bit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--gemm-engine", defaultValue = Defaults.GEMM_ENGINE, paramLabel = "array|isa",
            description = "How the FP8 recipe's GEMMs run: array (the MAC array called directly) or isa (each GEMM, and "
                    + "each tensor's optimizer update, compiled to an ISA program and executed on the modelled machine; "
                    + "the same bits, slower, and the programs' cycles and energy are printed at the end) "
                    + "(default: ${DEFAULT-VALUE}).")
    String gemmEngine;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--curve", paramLabel = "C.csv", description = "Write the learning curve (one row per epoch) here.")
    Path curve;

    @Override
    public void run() {
        try (Outputs files = training.inputs(machineOptions.inputs(new Outputs())).output("--report", report).output("--curve", curve)) {
            run(files);
        }
    }

    private void run(Outputs files) {
        TrainingSetup setup = training.setup(seed);
        if (training.keepsLayers() && precision.equals("fp32")) {
            throw new ParameterException(spec.commandLine(), "--fp32-layers: an FP32 run has every layer in FP32 already");
        }
        Trainer.Config config = training.config(setup, numerics(), seed, machineOptions.resolve());
        int batch = config.length().batch();
        TrainingTask task = setup.task();
        TrainingTask.Metric metric = task.metric();
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %s, %s, %s, batch %d, %d epochs, seed %d%n", setup.model(), training.dataset,
                setup.description(), config.numerics().describe(), config.optimization().describe(), batch, config.length().epochs(), seed);
        out.flush();
        MachineConfig machine = config.machine();
        EnergyTable table = machineOptions.energyTable(machine);
        TrainingStepCost.Cost cost;
        TrainingStepCost.UpdateCost update;
        try {
            // before the first step: a machine too small for the step's GEMMs is bad input, not hours later
            Graph stepGraph = task.graph(batch);
            Set<String> kept = config.numerics().recipe().fp32Layers();
            GemmEngine.requireRunnable(config.numerics().gemmEngine(), machine, stepGraph, kept);
            cost = TrainingStepCost.of(stepGraph, kept, machine, table);
            update = TrainingStepCost.update(stepGraph, config, table);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--machine " + machine.name() + ": " + e.getMessage());
        }
        long t0 = System.nanoTime();
        Trainer.Result r = Trainer.train(task, config, e -> {
            out.printf(Locale.ROOT, "epoch %d: loss %.4f, %s %s, loss scale %s, skipped steps %d, %.1f s%n",
                    e.epoch(), e.trainLoss(), metric.label(), metric.format(e.testScore()), scale(e.lossScale()), e.skippedSteps(),
                    e.seconds());
            out.flush();
        });
        double wall = (System.nanoTime() - t0) * 1e-9;
        out.printf(Locale.ROOT, "final %s %s%s after %d steps (%d skipped), %.1f s%n", metric.label(), metric.format(r.testScore()),
                averaged(config), r.steps(), r.skippedSteps(), wall);
        out.printf(Locale.ROOT, "one training step's GEMMs on %s: %d GEMMs, %,d MACs, %,d cycles = %.1f us, %.2f uJ%n",
                machine.name(), cost.gemms(), cost.macs(), cost.cycles(), cost.seconds() * 1e6, cost.energyPj() * 1e-6);
        out.printf(Locale.ROOT, "one optimizer update on %s: %d tensors, %,d weights, %,d instructions, %,d cycles = %.1f us, %.2f uJ%n",
                machine.name(), update.tensors(), update.elements(), update.instructions(), update.cycles(), update.seconds() * 1e6,
                update.energyPj() * 1e-6);
        out.println("weights_sha256: " + r.weightsSha256());
        r.executedGemms().ifPresent(x -> out.printf(Locale.ROOT,
                "executed GEMM programs on %s: %,d GEMMs in %,d programs, %,d instructions, %,d MACs, %,d cycles = %.3f ms, %.2f uJ%n",
                machine.name(), x.gemms(), x.programs(), x.instructions(), x.macs(), x.cycles(), x.seconds() * 1e3,
                x.energyPicojoules(table) * 1e-6));
        r.executedUpdates().ifPresent(x -> out.printf(Locale.ROOT,
                "executed update programs on %s: %,d programs, %,d instructions, %,d cycles = %.3f ms, %.2f uJ%n",
                machine.name(), x.programs(), x.instructions(), x.cycles(), x.seconds() * 1e3, x.energyPicojoules(table) * 1e-6));
        out.flush();
        if (report != null) {
            writeReport(files, setup.model(), config, metric, r, cost, update, wall);
        }
        if (curve != null) {
            files.write(curve, w -> {
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
                // this header is the format version (ARCHITECTURE.md section 5): learning-curve v1, whose
                // third column names the metric (test_top1, a fraction, or test_bleu, 0..100)
                p.printRecord(List.of("epoch", "train_loss", "test_" + metric.key(), "loss_scale", "skipped_steps", "seconds"));
                for (Trainer.Epoch e : r.curve()) {
                    p.printRecord(e.epoch(), e.trainLoss(), e.testScore(), e.lossScale(), e.skippedSteps(), e.seconds());
                }
                p.flush();
            });
        }
        files.commit();
    }

    /** The precision options as the run's numerics; a bad value is a one-line error naming its option. */
    Trainer.Numerics numerics() {
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
        MasterWeights.Storage storage = master == null ? p.defaultMaster() : switch (master) {
            case "fp16" -> MasterWeights.Storage.FP16;
            case "fp32" -> MasterWeights.Storage.FP32;
            default -> throw new ParameterException(spec.commandLine(), "--master: expected fp16 or fp32, got '" + master + "'");
        };
        String ls = lossScale != null ? lossScale : p.defaultLossScale();
        try {
            LossScaler.parse(ls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--loss-scale: " + e.getMessage());
        }
        GemmEngine.Kind engine = switch (gemmEngine) {
            case "array" -> GemmEngine.Kind.ARRAY;
            case "isa" -> GemmEngine.Kind.ISA;
            default -> throw new ParameterException(spec.commandLine(), "--gemm-engine: expected array or isa, got '" + gemmEngine + "'");
        };
        try {
            return new Trainer.Numerics(p, Fp8Numerics.Recipe.of(f, grad), storage, masterR, ls, engine);
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

    private void writeReport(Outputs files, String modelName, Trainer.Config c, TrainingTask.Metric metric, Trainer.Result r, TrainingStepCost.Cost cost,
                             TrainingStepCost.UpdateCost update, double wall) {
        RunReport report = new RunReport(modelName);
        ReportSection root = report.top();
        root.put("dataset", training.dataset);
        ReportSection cfg = root.object("config");
        cfg.put("precision", precision);
        cfg.put("format", format);
        cfg.put("rounding_grad", roundingGrad);
        cfg.put("loss_scale", c.numerics().lossScale());
        ReportSection.ReportList kept = cfg.list("fp32_layers");
        c.numerics().recipe().fp32Layers().forEach(kept::add);
        cfg.put("master", c.master().name().toLowerCase(Locale.ROOT));
        cfg.put("master_rounding", c.masterRounding().name().toLowerCase(Locale.ROOT));
        cfg.put("epochs", c.length().epochs());
        cfg.put("batch", c.length().batch());
        cfg.put("optimizer", c.optimization().method().name().toLowerCase(Locale.ROOT));
        cfg.put("lr", c.optimization().lr());
        cfg.put("lr_schedule", c.optimization().schedule().name().toLowerCase(Locale.ROOT));
        cfg.put("momentum", c.optimization().momentum());
        cfg.put("weight_decay", c.optimization().weightDecay());
        cfg.put("seed", seed);
        cfg.put("machine", c.machine().name());
        root.object("accuracy").put(metric.key(), r.testScore());
        ReportSection.ReportList curveNode = root.list("curve");
        for (Trainer.Epoch e : r.curve()) {
            curveNode.addObject().put("epoch", e.epoch()).put("train_loss", e.trainLoss()).put("test_" + metric.key(), e.testScore())
                    .put("loss_scale", e.lossScale()).put("skipped_steps", e.skippedSteps()).put("seconds", e.seconds());
        }
        ReportSection.ReportList events = root.list("loss_scale_history");
        for (ScaleEvent e : r.scaleEvents()) {
            events.addObject().put("step", e.step()).put("old", e.oldScale()).put("new", e.newScale()).put("reason", e.reason().name().toLowerCase(Locale.ROOT));
        }
        root.put("steps", r.steps());
        root.put("averaged_epochs", c.averagedEpochs());
        root.put("skipped_steps", r.skippedSteps());
        root.object("step_cost").put("gemms", cost.gemms()).put("macs", cost.macs()).put("cycles", cost.cycles())
                .put("seconds", cost.seconds()).put("energy_pj", cost.energyPj());
        root.object("update_cost").put("tensors", update.tensors()).put("weights", update.elements())
                .put("instructions", update.instructions()).put("cycles", update.cycles()).put("seconds", update.seconds())
                .put("energy_pj", update.energyPj());
        EnergyTable table = machineOptions.energyTable(c.machine());
        r.executedGemms().ifPresent(x -> root.object("executed_gemm_programs").put("gemms", x.gemms())
                .put("programs", x.programs()).put("instructions", x.instructions()).put("macs", x.macs())
                .put("cycles", x.cycles()).put("seconds", x.seconds()).put("energy_pj", x.energyPicojoules(table)));
        r.executedUpdates().ifPresent(x -> root.object("executed_update_programs").put("programs", x.programs())
                .put("instructions", x.instructions()).put("cycles", x.cycles()).put("seconds", x.seconds())
                .put("energy_pj", x.energyPicojoules(table)));
        root.put("weights_sha256", r.weightsSha256());
        root.put("wall_seconds", wall);
        files.write(this.report, report::writeTo);
    }

    /** " (the mean of the last K epochs' weights)" when the final model averages checkpoints, else "". */
    static String averaged(Trainer.Config c) {
        return c.averagedEpochs() > 1 ? " (the mean of the last " + c.averagedEpochs() + " epochs' weights)" : "";
    }

    static String scale(float s) {
        int exp = Math.getExponent(s);
        return s == Math.scalb(1f, exp) ? "2^" + exp : String.format(Locale.ROOT, "%g", s);
    }
}
