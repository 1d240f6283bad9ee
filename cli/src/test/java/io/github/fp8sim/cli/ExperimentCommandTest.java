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
    void anUnknownExperimentIsAOneLineError() {
        CliRun r = CliRun.of("experiment", "fp4-training");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
