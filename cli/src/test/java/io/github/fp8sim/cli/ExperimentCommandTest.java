package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim experiment fp8-training}: the paper's four-way comparison, printed as a table. */
class ExperimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void theTableHasTheFourRunsAndEachOnesDifferenceFromFp32() throws IOException {
        CliRun r = CliRun.of("experiment", "fp8-training", "--dataset", "tatoeba:" + NumberPairs.write(dir, 160), "--epochs", "1",
                "--batch", "16", "--threads", "1");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("fp8-training: transformer-tiny on tatoeba:"), lines.get(0));
        String header = lines.stream().filter(l -> l.contains("vs FP32")).findFirst().orElseThrow();
        assertTrue(header.contains("test BLEU"), header);
        List<String> rows = List.of("fp32", "fp8-rne", "fp8-sr", "fp8-sr-no-loss-scaling");
        for (String run : rows) {
            String row = lines.stream().filter(l -> l.startsWith(run + " ") || l.startsWith("| " + run + " "))
                    .findFirst().orElseThrow(() -> new AssertionError(run + " missing from\n" + r.out()));
            assertTrue(row.contains(" pt"), row);
            if (run.equals("fp32")) {
                assertTrue(row.contains("+0.00 pt"), "FP32 against itself: " + row);
            }
        }
        assertEquals(4, r.err().lines().filter(l -> l.contains(": epoch 1: loss ")).count(), r.err());
    }

    @Test
    void withSeveralSeedsEachRunShowsTheMeanAndEverySeedsScore() throws IOException {
        CliRun r = CliRun.of("experiment", "fp8-training", "--dataset", "tatoeba:" + NumberPairs.write(dir, 120), "--epochs", "1",
                "--batch", "16", "--threads", "1", "--seeds", "4,5", "--runs", "fp32,fp8-sr");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().endsWith("seeds [4, 5] (data split: seed 1)"), r.out());
        assertTrue(r.out().contains("test BLEU (mean)") && r.out().contains("per seed"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("fp32 ") || l.startsWith("fp8-sr ")).count(), r.out());
        assertEquals(0, r.out().lines().filter(l -> l.startsWith("fp8-rne ")).count(), r.out());
        for (String tag : List.of("fp32 seed 4", "fp32 seed 5", "fp8-sr seed 4", "fp8-sr seed 5")) {
            assertTrue(r.err().contains(tag + ": epoch 1: loss "), tag + " in\n" + r.err());
        }
    }

    @Test
    void withCheckpointAveragingTheTableAlsoShowsTheLastEpochsScoreOfTheSameRuns() throws IOException {
        CliRun r = CliRun.of("experiment", "fp8-training", "--dataset", "tatoeba:" + NumberPairs.write(dir, 120), "--epochs", "2",
                "--batch", "16", "--threads", "1", "--runs", "fp32");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("(the mean of the last 2 epochs' weights)"), r.out());
        String header = r.out().lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow();
        assertTrue(header.contains("last epoch"), header);
        List<String> cells = List.of(r.out().lines().filter(l -> l.startsWith("fp32 ")).findFirst().orElseThrow().split("\\s{2,}"));
        // the table's columns: run, numerics, averaged score, vs FP32, last epoch, vs FP32, skipped, wall
        String averaged = r.err().lines().filter(l -> l.startsWith("fp32: the mean of the last 2 epochs' weights: test BLEU "))
                .findFirst().orElseThrow().replaceAll(".* ", "");
        String lastEpoch = r.err().lines().filter(l -> l.startsWith("fp32: epoch 2: ")).findFirst().orElseThrow().replaceAll(".* ", "");
        assertEquals(averaged, cells.get(2), String.join("|", cells));
        assertEquals(lastEpoch, cells.get(4), String.join("|", cells));
    }

    @Test
    void anUnknownExperimentOrRunIsAOneLineError() {
        for (String[] args : new String[][] {{"experiment", "fp4-training"}, {"experiment", "fp8-training", "--runs", "fp9"},
                {"experiment", "fp8-training", "--runs", "fp32", "--fp32-layers", "first"},
                {"experiment", "fp8-training", "--fp32-layers", "nosuchlayer"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
