package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.SyntheticInputs;
import io.github.fp8sim.workloads.weights.Weights;
import io.github.fp8sim.workloads.weights.StoredTensor;
import io.github.fp8sim.workloads.weights.WeightFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim run --model}: a model by name, per-layer figures, accuracy against FP32, thread-invariant outputs. */
class RunModelCommandTest {

    @TempDir
    Path dir;

    static String sha(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("output_sha256: ")).findFirst().orElseThrow();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    @Test
    void functionalRunsGiveTheSameOutputsForOneAndTwoThreads() {
        CliRun one = CliRun.of("run", "--model", "resnet8", "--batch", "2", "--mode", "functional", "--threads", "1");
        CliRun two = CliRun.of("run", "--model", "resnet8", "--batch", "2", "--mode", "functional", "--threads", "2");
        assertEquals(ExitCode.OK, one.exitCode(), one.err());
        assertEquals(ExitCode.OK, two.exitCode(), two.err());
        assertEquals(sha(one), sha(two));
        assertTrue(one.out().contains("top-1 agreement"), one.out());
    }

    @Test
    void theReportHasEveryLayerWithItsAccuracyAndTheTotals() throws IOException {
        Path report = dir.resolve("r.json");
        Path layers = dir.resolve("l.csv");
        CliRun r = CliRun.of("run", "--model", "resnet8", "--mode", "functional", "--report", report.toString(),
                "--layers", layers.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        Graph g = ModelZoo.build("resnet8", 1);
        long macs = 0;
        for (JsonNode l : rep.get("layers")) {
            macs += l.get("macs").asLong();
            assertTrue(l.get("cycles").asLong() > 0, l.toString());
            assertTrue(l.has("sqnr_db") && l.has("max_rel_err"), l.toString());
        }
        assertEquals(g.totalMacs(), macs);
        assertEquals(g.totalMacs(), rep.at("/totals/macs").asLong());
        assertEquals(64, rep.get("output_sha256").asText().length());
        // The same run in-process (seed 1 weights and inputs, the default machine) gives the machine's logits;
        // the FP32 reference executor gives the reference's. Top-1 agreement of one sample: their argmaxes.
        Weights w = Weights.seeded(g, 1);
        ModelRunner.Result run = ModelRunner.run(g, w, Presets.defaultMachine(), EnergyTable.defaults(),
                new ModelRunner.Options(Mode.FUNCTIONAL, 1, 1, null, false, false, null));
        assertEquals(run.outputSha256(), rep.get("output_sha256").asText());
        float[] machine = run.outputs().get("fc").data();
        float[] reference = new ReferenceExecutor(g, w).run(SyntheticInputs.of(g, 1)).tensor("fc").data();
        assertEquals(argmax(reference) == argmax(machine) ? 1.0 : 0.0, rep.at("/accuracy/outputs/0/top1_agreement").asDouble(-1));
        List<String> csv = Files.readAllLines(layers);
        assertEquals(rep.get("layers").size() + 1, csv.size());
    }

    @Test
    void realInputsFromAFileGiveADifferentOutputThanTheSyntheticOnes() throws IOException {
        Graph g = ModelZoo.build("resnet8", 1);
        FloatTensor image = SyntheticInputs.of(g, 99).get("image");
        Path in = dir.resolve("x.bin");
        WeightFile.write(in, List.of(new StoredTensor("image", image.shape(), image.data())));
        CliRun file = CliRun.of("run", "--model", "resnet8", "--mode", "functional", "--inputs", in.toString());
        CliRun synthetic = CliRun.of("run", "--model", "resnet8", "--mode", "functional");
        assertEquals(ExitCode.OK, file.exitCode(), file.err());
        assertFalse(sha(file).equals(sha(synthetic)));
    }

    @Test
    void anUnknownModelOrAMisshapenInputIsBadUsage() throws IOException {
        CliRun r = CliRun.of("run", "--model", "resnet9");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("unknown model 'resnet9'") && r.err().contains("resnet50"), r.err());
        Path in = dir.resolve("bad.bin");
        WeightFile.write(in, List.of(new StoredTensor("image", io.github.fp8sim.workloads.tensor.TensorShape.of(1, 3, 8, 8),
                new float[192])));
        CliRun bad = CliRun.of("run", "--model", "resnet8", "--mode", "functional", "--inputs", in.toString());
        assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
        assertTrue(bad.err().contains("bad.bin") && bad.err().contains("'image'") && bad.err().lines().count() == 1, bad.err());
        // a label outside resnet8's 10 classes is caught when the file is read, before any run
        Path labels = dir.resolve("labels.bin");
        Graph g = ModelZoo.build("resnet8", 1);
        WeightFile.write(labels, List.of(new StoredTensor("image", g.inputs().get(0).shape(), new float[3 * 32 * 32]),
                new StoredTensor("labels", io.github.fp8sim.workloads.tensor.TensorShape.of(1), new float[] {10})));
        CliRun label = CliRun.of("run", "--model", "resnet8", "--mode", "functional", "--inputs", labels.toString());
        assertEquals(ExitCode.BAD_INPUT, label.exitCode(), label.err());
        assertTrue(label.err().contains("'labels' element 0 is 10.0; expected a whole number in [0, 10)"), label.err());
    }

    @Test
    void aTransformerRunsFunctionallyWithEveryLayersSqnrAndTheOutputsHash() {
        CliRun r = CliRun.of("run", "--model", "transformer-tiny", "--mode", "functional", "--threads", "1");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = 1;
        assertTrue(lines.get(header).startsWith("layer") && lines.get(header).contains("SQNR dB"), lines.get(header));
        int rows = 0;
        boolean maskedSoftmax = false;
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.startsWith("total:")) {
                break;
            }
            String[] f = line.trim().split("\\s+");
            double sqnr = Double.parseDouble(f[f.length - 2]);      // a number (Infinity for an exact layer), never NaN
            assertFalse(Double.isNaN(sqnr), line);
            maskedSoftmax |= f[1].equals("scale+causalmask+softmax");
            if (f[0].equals("encoder.embed")) {
                // the gather copies E5M2 codes of the FP32 table: exactly one RNE rounding of roughly normal
                // values, whose noise is spacing^2 / 12 with spacing 2^-2 of the binade: about 25.5 dB
                assertTrue(sqnr > 23 && sqnr < 28, line);
            }
            rows++;
        }
        assertTrue(maskedSoftmax, "the decoder's masked softmax is one fused layer:\n" + r.out());
        assertTrue(rows > 80, rows + " layer rows:\n" + r.out());
        assertTrue(r.out().contains("lowest layer SQNR vs FP32 reference: "), r.out());
        assertTrue(sha(r).matches("output_sha256: [0-9a-f]{64}"), sha(r));
    }
}
