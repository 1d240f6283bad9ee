package io.github.fp8sim.workloads.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.workloads.data.SyntheticImages;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.train.Fp8Numerics;
import io.github.fp8sim.workloads.train.GemmEngine;
import io.github.fp8sim.workloads.train.ImageClassification;
import io.github.fp8sim.workloads.train.MasterWeights;
import io.github.fp8sim.workloads.train.Trainer;
import io.github.fp8sim.workloads.train.TrainingTask;
import org.junit.jupiter.api.Test;

/** The fp8-training experiment's runs, seed loop, means and table, apart from any command line. */
class Fp8TrainingExperimentTest {

    private static final Trainer.Config BASE = new Trainer.Config(
            new Trainer.Numerics(Trainer.Precision.FP8, Fp8Numerics.Recipe.of(FloatFormat.E5M2, Rounding.SR).withFp32Layers(Set.of("fc")),
                    MasterWeights.Storage.FP16, Rounding.SR, "dynamic", GemmEngine.Kind.ARRAY),
            new Trainer.Optimization(Trainer.Method.SGD, 0.05, Trainer.Schedule.CONSTANT, 0.9, 5e-4),
            new Trainer.Length(1, 32), new Trainer.Run(1, 1, Presets.get("edge16")));

    @Test
    void selectionKeepsTheTablesOrderAndRefusesAnUnknownRun() {
        assertEquals(List.of("fp32", "fp8-rne", "fp8-sr", "fp8-sr-no-loss-scaling"),
                Fp8TrainingExperiment.select(null).stream().map(Fp8TrainingExperiment.Variant::label).toList());
        assertEquals(List.of("fp32", "fp8-sr"), Fp8TrainingExperiment.select(List.of("fp8-sr", "fp32")).stream()
                .map(Fp8TrainingExperiment.Variant::label).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fp8TrainingExperiment.select(List.of("fp32", "fp9")));
        assertTrue(e.getMessage().contains("'fp9'") && e.getMessage().contains("fp8-sr-no-loss-scaling"), e.getMessage());
    }

    @Test
    void eachVariantChangesOnlyTheNumericsAndOnlyFp8RunsKeepLayersInFp32() {
        List<Fp8TrainingExperiment.Arm> arms = Fp8TrainingExperiment.arms(Fp8TrainingExperiment.VARIANTS, BASE);
        Trainer.Numerics fp32 = arms.get(0).config().numerics();
        assertEquals(Trainer.Precision.FP32, fp32.precision());
        assertEquals(MasterWeights.Storage.FP32, fp32.master());
        assertEquals("none", fp32.lossScale());
        assertEquals(Set.of(), fp32.recipe().fp32Layers());
        Trainer.Numerics rne = arms.get(1).config().numerics();
        assertEquals(Rounding.RNE, rne.recipe().backward());
        assertEquals(Rounding.RNE, rne.masterRounding());
        assertEquals("dynamic", rne.lossScale());
        Trainer.Numerics noScaling = arms.get(3).config().numerics();
        assertEquals(Rounding.SR, noScaling.recipe().backward());
        assertEquals(MasterWeights.Storage.FP16, noScaling.master());
        assertEquals("none", noScaling.lossScale());
        for (Fp8TrainingExperiment.Arm a : arms.subList(1, 4)) {
            assertEquals(Set.of("fc"), a.config().numerics().recipe().fp32Layers(), a.variant().label());
            assertEquals(FloatFormat.E5M2, a.config().numerics().recipe().activation());
        }
        for (Fp8TrainingExperiment.Arm a : arms) {
            assertSame(BASE.optimization(), a.config().optimization());
            assertSame(BASE.length(), a.config().length());
            assertSame(BASE.run(), a.config().run());
        }
        assertEquals(Set.of("fc"), Fp8TrainingExperiment.keptLayers(arms));
        assertEquals(Set.of(), Fp8TrainingExperiment.keptLayers(arms.subList(0, 1)));
    }

    @Test
    void everyArmTrainsOncePerSeedAndItsRowIsTheMeanOfTheSeedsScores() {
        TrainingTask task = new ImageClassification(b -> ResNet.build(ResNet.resnet8(b).withInputChannels(1).withInputSize(8)),
                SyntheticImages.generate(10, 1, 8, 64, 32, 3).standardized());
        List<Fp8TrainingExperiment.Arm> arms = Fp8TrainingExperiment.arms(Fp8TrainingExperiment.select(List.of("fp32", "fp8-sr")),
                BASE);
        List<String> heard = new ArrayList<>();
        Fp8TrainingExperiment.Result r = Fp8TrainingExperiment.run(task, arms, List.of(4L, 5L), new Fp8TrainingExperiment.Progress() {
            @Override
            public void epoch(String tag, Trainer.Epoch e) {
                heard.add(tag + " " + e.epoch());
            }

            @Override
            public void averaged(String tag, int epochs, double score) {
                heard.add(tag + " averaged");
            }
        });
        assertEquals(List.of("fp32 seed 4 1", "fp32 seed 5 1", "fp8-sr seed 4 1", "fp8-sr seed 5 1"), heard);
        for (int i = 0; i < arms.size(); i++) {
            // the same runs trained directly: the experiment adds no randomness of its own
            double s4 = Trainer.train(task, arms.get(i).config().withSeed(4), e -> { }).testScore();
            double s5 = Trainer.train(task, arms.get(i).config().withSeed(5), e -> { }).testScore();
            Fp8TrainingExperiment.Row row = r.rows().get(i);
            assertEquals(List.of(s4, s5), row.perSeed());
            assertEquals((s4 + s5) / 2, row.score());
            assertEquals(row.score(), row.lastEpoch(), "without averaging the final model is the last epoch's");
        }
        assertEquals("FP32", r.rows().get(0).numerics());
        assertTrue(r.manySeeds());
        assertEquals(r.rows().get(0), r.fp32().orElseThrow());
    }

    @Test
    void theTableHasASeedColumnWithSeveralSeedsAndLastEpochColumnsWithAveraging() {
        Fp8TrainingExperiment.Variant fp32 = Fp8TrainingExperiment.VARIANTS.get(0);
        Fp8TrainingExperiment.Variant sr = Fp8TrainingExperiment.VARIANTS.get(2);
        List<Fp8TrainingExperiment.Row> rows = List.of(
                new Fp8TrainingExperiment.Row(fp32, "FP32", 0.75, 0.5, List.of(0.5, 1.0), 0, 2.4),
                new Fp8TrainingExperiment.Row(sr, "FP8 ...", 0.625, 0.25, List.of(0.25, 1.0), 3, 10.6));
        Fp8TrainingExperiment.Table t = new Fp8TrainingExperiment.Result(TrainingTask.Metric.TOP1, rows, true).table();
        assertEquals(List.of("run", "numerics", "test top-1 (mean)", "per seed", "vs FP32", "last epoch (mean)", "vs FP32",
                "skipped steps", "wall s"), t.header());
        assertEquals(List.of("fp8-sr", "FP8 ...", "62.50%", "25.00% 100.00%", "-12.50 pt", "25.00%", "-25.00 pt", "3", "11"),
                t.rows().get(1));
        assertEquals("+0.00 pt", t.rows().get(0).get(4));

        Fp8TrainingExperiment.Table plain = new Fp8TrainingExperiment.Result(TrainingTask.Metric.BLEU,
                List.of(new Fp8TrainingExperiment.Row(sr, "FP8", 12.5, 12.5, List.of(12.5), 0, 0.2)), false).table();
        assertEquals(List.of("run", "numerics", "test BLEU", "vs FP32", "skipped steps", "wall s"), plain.header());
        assertEquals(List.of("fp8-sr", "FP8", "12.50", "n/a", "0", "0"), plain.rows().get(0), "no FP32 run to compare with");
    }
}
