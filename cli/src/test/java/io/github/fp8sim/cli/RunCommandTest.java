package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.runtime.io.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim run --topology}: SCALE-Sim's compute cycles per layer, the machine model beside them, reproducible outputs. */
class RunCommandTest {

    static final String TOPOLOGY = "examples/resnet18-conv.csv";

    /** Each row of the example: IFMAP H = W, filter Fh = Fw, channels, filters, stride. */
    static final int[][] LAYERS = {
            {230, 7, 3, 64, 2}, {58, 3, 64, 64, 1}, {58, 3, 64, 64, 1}, {58, 3, 64, 128, 2}, {30, 3, 128, 128, 1},
            {30, 3, 128, 256, 2}, {16, 3, 256, 256, 1}, {16, 3, 256, 512, 2}, {9, 3, 512, 512, 1}};

    @TempDir
    Path dir;

    static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    JsonNode run(String... extra) throws IOException {
        Path report = dir.resolve("r" + extra.length + ".json");
        String[] args = new String[4 + extra.length];
        args[0] = "run";
        args[1] = "--topology";
        args[2] = TOPOLOGY;
        args[3] = "--report=" + report;
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun r = CliRun.of(args);
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void computeCyclesPerLayerAreScaleSimsOnTheDefault32x32WeightStationaryArray() throws IOException {
        JsonNode rep = run();
        long totalMacs = 0;
        long totalCompute = 0;
        for (int i = 0; i < LAYERS.length; i++) {
            int[] l = LAYERS[i];
            long out = ceil(l[0] - l[1] + l[4], l[4]);           // SCALE-Sim: ceil((H - Fh + s) / s)
            long m = out * out;
            long n = l[3];
            long k = (long) l[1] * l[1] * l[2];
            // ws: ceil(K/R) * ceil(N/C) * (M + 2R + C - 2) - 1, R = C = 32
            long compute = ceil(k, 32) * ceil(n, 32) * (m + 64 + 32 - 2) - 1;
            JsonNode layer = rep.at("/layers/" + i);
            assertEquals(m, layer.get("m").asLong());
            assertEquals(n, layer.get("n").asLong());
            assertEquals(k, layer.get("k").asLong());
            assertEquals(compute, layer.get("compute_cycles").asLong(), layer.get("name").asText());
            assertTrue(layer.get("cycles").asLong() > 0 && layer.get("utilization").asDouble() <= 1.0);
            totalMacs += m * n * k;
            totalCompute += compute;
        }
        assertEquals(totalMacs, rep.at("/totals/macs").asLong());
        assertEquals(totalCompute, rep.at("/totals/compute_cycles").asLong());
        assertEquals(9, rep.at("/layers").size());
    }

    @Test
    void functionalRunsAreReproducibleAndCountWhatTimingRunsCount() throws IOException {
        JsonNode timing = run("--mode", "timing");
        JsonNode f1 = run("--mode", "functional", "--seed", "7");
        JsonNode f2 = run("--mode", "functional", "--seed", "7", "--array", "32x32");
        JsonNode f3 = run("--mode", "functional", "--seed", "8");
        assertEquals(timing.at("/totals"), f1.at("/totals"));
        assertTrue(f1.get("output_sha256").asText().matches("[0-9a-f]{64}"));
        assertEquals(f1.get("output_sha256"), f2.get("output_sha256"), "same program, inputs and seed: same bits");
        assertTrue(!f1.get("output_sha256").equals(f3.get("output_sha256")), "another seed, other operands");
        assertTrue(timing.get("output_sha256") == null, "timing mode computes no values");
    }

    @Test
    void theLayersCsvHasOneRowPerLayer() throws IOException {
        Path csv = dir.resolve("layers.csv");
        CliRun r = CliRun.of("run", "--topology", TOPOLOGY, "--array", "16x16", "--dataflow", "os", "--layers", csv.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        CsvTable t = CsvTable.read(csv);
        assertEquals(java.util.List.of("layer", "m", "n", "k", "macs", "cycles", "compute_cycles", "utilization", "energy_pj"), t.header());
        assertEquals(9, t.rows().size());
        // os on 16x16: ceil(M/16) * ceil(N/16) * (K + 30) - 1 for Conv1 (M = 113 * 113, N = 64, K = 147)
        assertEquals(String.valueOf(ceil(113 * 113, 16) * 4 * (147 + 30) - 1), t.rows().get(0).get(6));
        assertTrue(r.out().contains("16x16 os"), r.out());
    }

    @Test
    void aBadTopologyNamesItsLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "Conv1, 230, 230, seven, 7, 3, 64, 2,\n");
        CliRun r = CliRun.of("run", "--topology", bad.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.errLine().contains("line 2"), r.err());
    }
}
