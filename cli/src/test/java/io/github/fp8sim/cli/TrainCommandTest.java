package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.train.TrainingTask;
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
        // the update's cost covers every trainable weight of the built-in set's ResNet-8 (1 channel, 8x8)
        assertEquals(ResNet.build(ResNet.resnet8(32).withInputChannels(1).withInputSize(8)).parameterCount(),
                rep.at("/update_cost/weights").asLong());
        assertTrue(rep.at("/update_cost/cycles").asLong() > 0 && one.out().contains("one optimizer update on default: 29 tensors"),
                one.out());
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
    void theIsaGemmEngineTrainsTheSameWeightsAndPrintsWhatItsProgramsCost() throws IOException {
        // a small translation set keeps this quick: transformer-tiny's linear layers and batched matmuls,
        // each GEMM compiled to a program and executed (ResNet-8 on both engines: ProgramGemmTest)
        String pairs = "tatoeba:" + NumberPairs.write(dir, 60);
        CliRun array = CliRun.of("train", "--dataset", pairs, "--epochs", "1", "--batch", "16", "--threads", "1");
        Path report = dir.resolve("isa.json");
        CliRun isa = CliRun.of("train", "--dataset", pairs, "--epochs", "1", "--batch", "16", "--threads", "1",
                "--gemm-engine", "isa", "--report", report.toString());
        assertEquals(ExitCode.OK, array.exitCode(), array.err());
        assertEquals(ExitCode.OK, isa.exitCode(), isa.err());
        assertEquals(weights(array), weights(isa));
        assertTrue(isa.out().lines().findFirst().orElseThrow().contains("GEMMs as ISA programs"), isa.out());
        assertFalse(array.out().contains("executed GEMM programs"), array.out());

        List<String> lines = isa.out().lines().toList();
        assertEquals(weights(isa), lines.get(lines.size() - 3));
        Matcher m = Pattern.compile("executed GEMM programs on default: ([\\d,]+) GEMMs in ([\\d,]+) programs, "
                + "[\\d,]+ instructions, [\\d,]+ MACs, ([\\d,]+) cycles = [\\d.]+ ms, ([\\d.]+) uJ").matcher(lines.get(lines.size() - 2));
        assertTrue(m.matches(), lines.get(lines.size() - 2));
        assertEquals(m.group(1), m.group(2), "the default machine's DRAM holds every GEMM: one program each");
        assertTrue(Long.parseLong(m.group(3).replace(",", "")) > 0 && Double.parseDouble(m.group(4)) > 0, m.group());

        // the optimizer update ran as programs too: one per trainable tensor per applied step, the same weights
        Matcher u = Pattern.compile("executed update programs on default: ([\\d,]+) programs, [\\d,]+ instructions, "
                + "([\\d,]+) cycles = [\\d.]+ ms, ([\\d.]+) uJ").matcher(lines.get(lines.size() - 1));
        assertTrue(u.matches(), lines.get(lines.size() - 1));
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        long applied = rep.get("steps").asLong() - rep.get("skipped_steps").asLong();
        long tensors = Transformer.build(Transformer.tiny(16)).parameters().stream().filter(t -> t.tensorClass().trainable()).count();
        assertEquals(applied * tensors, Long.parseLong(u.group(1).replace(",", "")));
        assertEquals(applied * tensors, rep.at("/executed_update_programs/programs").asLong());
        assertEquals(Long.parseLong(m.group(1).replace(",", "")), rep.at("/executed_gemm_programs/gemms").asLong());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        for (String[] args : new String[][] {
                {"train", "--dataset", "imagenet:/x"},
                {"train", "--dataset", "optdigits:/no/such/dir"},
                {"train", "--precision", "fp4"},
                {"train", "--loss-scale", "static:banana"},
                {"train", "--model", "resnet50"},
                {"train", "--model", "transformer-tiny"},
                {"train", "--dataset", "tatoeba:/no/such/file.txt"},
                {"train", "--dataset", "tatoeba:"},
                {"train", "--optimizer", "rmsprop"},
                {"train", "--lr-schedule", "linear"},
                {"train", "--gemm-engine", "gpu"},
                {"train", "--precision", "fp32", "--gemm-engine", "isa"},
                {"train", "--average-last", "0"},
                {"train", "--gemm-engine", "isa", "--seed", "140737488355328"},
                {"train", "--fp32-layers", "conv99"},
                {"train", "--precision", "fp32", "--fp32-layers", "first"},
                {"train", "--epochs", "2", "--average-last", "3"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void theFirstAndLastLayersCanStayInFp32AndTheReportSaysSo() throws IOException {
        Path report = dir.resolve("k.json");
        CliRun kept = CliRun.of("train", "--epochs", "1", "--threads", "2", "--fp32-layers", "first,last", "--report", report.toString());
        CliRun fp8 = CliRun.of("train", "--epochs", "1", "--threads", "2");
        assertEquals(ExitCode.OK, kept.exitCode(), kept.err());
        assertTrue(kept.out().contains("; in FP32: conv1, fc)"), kept.out());
        assertFalse(weights(kept).equals(weights(fp8)), "two layers computed otherwise train other weights");
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals("[\"conv1\",\"fc\"]", rep.at("/config/fp32_layers").toString());
    }

    @Test
    void aMachineTooSmallForTheStepsGemmsIsRefusedBeforeTheFirstEpoch() throws IOException {
        Path machine = dir.resolve("tiny.json");
        Files.writeString(machine, "{\"base\": \"default\", \"name\": \"tiny-dram\", \"dram\": {\"bytes\": 4096}}");
        for (String engine : List.of("array", "isa")) {
            CliRun r = CliRun.of("train", "--epochs", "1", "--machine", machine.toString(), "--gemm-engine", engine);
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), engine + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("--machine tiny-dram") && r.err().contains("DRAM"), r.err());
            assertFalse(r.out().contains("epoch 1"), "no step runs: " + r.out());
        }
    }

    @Test
    void aTatoebaRunTrainsTheTransformerAndReportsBleu() throws IOException {
        Path report = dir.resolve("s.json");
        Path curve = dir.resolve("s.csv");
        CliRun r = CliRun.of("train", "--dataset", "tatoeba:" + NumberPairs.write(dir, 200), "--epochs", "2", "--batch", "16",
                "--threads", "1", "--report", report.toString(), "--curve", curve.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("transformer-tiny on tatoeba:"), r.out());
        assertTrue(r.out().contains("adam lr 0.001 cosine"), r.out());
        assertTrue(r.out().contains("epoch 2: loss ") && r.out().contains("test BLEU "), r.out());
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals("transformer-tiny", rep.get("model").asText());
        double bleu = rep.at("/accuracy/bleu").asDouble(-1);
        assertTrue(bleu >= 0 && bleu <= 100, "BLEU " + bleu);
        assertTrue(rep.at("/accuracy/top1").isMissingNode(), "a translation has no top-1");
        assertTrue(rep.at("/step_cost/macs").asLong() > 0);
        assertEquals("epoch,train_loss,test_bleu,loss_scale,skipped_steps,seconds", Files.readAllLines(curve).get(0));
        assertEquals(weights(r), "weights_sha256: " + rep.get("weights_sha256").asText());
        // translation averages the last 5 epochs' weights by default, capped at the 2 epochs run
        assertEquals(2, rep.get("averaged_epochs").asInt());
        assertTrue(r.out().contains("(the mean of the last 2 epochs' weights)"), r.out());
        double lastEpoch = rep.get("curve").get(1).get("test_bleu").asDouble();
        CliRun last = CliRun.of("train", "--dataset", "tatoeba:" + NumberPairs.write(dir, 200), "--epochs", "2", "--batch", "16",
                "--threads", "1", "--average-last", "1");
        assertEquals(ExitCode.OK, last.exitCode(), last.err());
        assertEquals(weights(r), weights(last), "averaging is evaluation only");
        assertTrue(last.out().contains("final test BLEU " + TrainingTask.Metric.BLEU.format(lastEpoch) + " after"),
                "without averaging the final BLEU is the last epoch's: " + last.out());
    }

    @Test
    void aSequenceModelNeedsSentencesAndAMalformedPairFileNamesItsLine() throws IOException {
        CliRun images = CliRun.of("train", "--dataset", "tatoeba:" + NumberPairs.write(dir, 50), "--model", "resnet8");
        assertEquals(ExitCode.BAD_INPUT, images.exitCode(), images.err());
        assertTrue(images.err().contains("transformer-tiny or gnmt-tiny"), images.err());
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "Go.\tVa !\nno tab here\n");
        CliRun r = CliRun.of("train", "--dataset", "tatoeba:" + bad);
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("bad.txt") && r.err().contains("line 2"), r.err());
        // too few pairs to split, or to fill one batch: one line each, not an internal error
        Path two = dir.resolve("two.txt");
        Files.writeString(two, "a b\tx y\nc d\tz w\n");
        CliRun few = CliRun.of("train", "--dataset", "tatoeba:" + two);
        assertEquals(ExitCode.BAD_INPUT, few.exitCode(), few.err());
        assertTrue(few.err().contains("two.txt has 2 pairs"), few.err());
        CliRun big = CliRun.of("train", "--dataset", "tatoeba:" + NumberPairs.write(dir, 30), "--batch", "64");
        assertEquals(ExitCode.BAD_INPUT, big.exitCode(), big.err());
        assertEquals(1, big.err().lines().count(), big.err());
        assertTrue(big.err().contains("--batch 64 is more than the"), big.err());
    }
}
