package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim train}: an epoch line each, a final accuracy, a report, and weights that do not depend on threads. */
class TrainCommandTest {

    @TempDir
    Path dir;

    static String weights(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("weights_sha256: ")).findFirst().orElseThrow();
    }

    @Test
    void anFp8RunOnTheBuiltInDataIsTheSameForOneAndTwoThreadsAndWritesItsReport() throws IOException {
        Path report = dir.resolve("t.json");
        Path curve = dir.resolve("c.csv");
        CliRun one = CliRun.of("train", "--epochs", "1", "--threads", "1", "--report", report.toString(), "--curve", curve.toString());
        CliRun two = CliRun.of("train", "--epochs", "1", "--threads", "2");
        assertEquals(ExitCode.OK, one.exitCode(), one.err());
        assertEquals(ExitCode.OK, two.exitCode(), two.err());
        assertEquals(weights(one), weights(two));
        assertTrue(one.out().contains("epoch 1: loss "), one.out());
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        double top1 = rep.at("/accuracy/top1").asDouble();
        // ten classes: chance is 10%; one epoch of the recipe on the built-in set learns far more than that
        assertTrue(top1 > 0.5 && top1 <= 1, "top-1 " + top1);
        assertEquals(1, rep.get("curve").size());
        assertEquals(2000 / 32, rep.get("steps").asLong());
        assertTrue(rep.at("/step_cost/cycles").asLong() > 0);
        assertEquals(weights(one), "weights_sha256: " + rep.get("weights_sha256").asText());
        assertEquals(2, Files.readAllLines(curve).size());
    }

    @Test
    void anotherSeedGivesOtherWeights() {
        CliRun a = CliRun.of("train", "--epochs", "1", "--precision", "fp8", "--seed", "2", "--threads", "2");
        CliRun b = CliRun.of("train", "--epochs", "1", "--precision", "fp8", "--seed", "3", "--threads", "2");
        assertFalse(weights(a).equals(weights(b)));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        for (String[] args : new String[][] {
                {"train", "--dataset", "imagenet:/x"},
                {"train", "--dataset", "optdigits:/no/such/dir"},
                {"train", "--precision", "fp4"},
                {"train", "--loss-scale", "static:banana"},
                {"train", "--model", "resnet50"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
