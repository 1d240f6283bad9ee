package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim sweep}: rows equal to separate runs, the same bytes for any thread count and after a resume, bad specs. */
class SweepCommandTest {

    static final String SPEC = "examples/sweep.yaml";
    static final String TOPOLOGY = "examples/sweep-tiny.csv";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun sweep(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sweep";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    static List<JsonNode> rows(Path out) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("points.jsonl"))) {
            rows.add(JSON.readTree(l));
        }
        return rows;
    }

    @Test
    void eachRowHasTheFiguresOfASeparateRunReport() throws IOException {
        Path out = dir.resolve("out");
        CliRun r = sweep(SPEC, "--out", out.toString(), "--threads", "2");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        List<JsonNode> rows = rows(out);
        // the spec: rows/cols zipped over 16, 64, 256, by dataflow os, ws: 6 points, the last axis fastest
        String[][] want = {{"16", "os"}, {"16", "ws"}, {"64", "os"}, {"64", "ws"}, {"256", "os"}, {"256", "ws"}};
        assertEquals(want.length, rows.size());
        List<String> csv = Files.readAllLines(out.resolve("points.csv"));
        assertEquals("point,workload,array.rows,array.cols,array.dataflow,status,reason,macs,cycles,compute_cycles,seconds,tops,"
                + "utilization,energy_pj,tops_per_watt", csv.get(0));
        for (int i = 0; i < want.length; i++) {
            JsonNode row = rows.get(i);
            assertEquals(i, row.get("point").asInt());
            assertEquals(want[i][0], row.get("array.rows").asText());
            assertEquals(want[i][0], row.get("array.cols").asText());
            assertEquals(want[i][1], row.get("array.dataflow").asText());
            if (want[i][0].equals("256")) {
                // the default machine's 128 KiB accumulator cannot hold one 256x256 FP32 tile (256 KiB)
                assertEquals("infeasible", row.get("status").asText());
                assertTrue(row.get("reason").asText().contains("accumulator.bytes"), row.get("reason").asText());
                continue;
            }
            assertEquals("ok", row.get("status").asText());
            Path report = dir.resolve("r" + i + ".json");
            CliRun run = CliRun.of("run", "--topology", TOPOLOGY, "--array", want[i][0] + "x" + want[i][0], "--dataflow", want[i][1],
                    "--report", report.toString());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            JsonNode rep = JSON.readTree(report.toFile());
            for (String t : List.of("macs", "cycles", "compute_cycles", "seconds", "tops", "utilization", "energy_pj", "tops_per_watt")) {
                assertEquals(rep.get("totals").get(t), row.get(t), "point " + i + " " + t);
            }
            assertEquals(rep.get("layers"), row.get("layers"), "point " + i);
            // the CSV cell is the JSON number as written in the report
            String[] cells = csv.get(i + 1).split(",", -1);
            assertEquals(rep.get("totals").get("energy_pj").toString(), cells[13]);
        }
    }

    @Test
    void theSameBytesForAnyThreadCountAndAfterAResume() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        assertEquals(ExitCode.OK, sweep(SPEC, "--out", one.toString(), "--threads", "1").exitCode());
        assertEquals(ExitCode.OK, sweep(SPEC, "--out", two.toString(), "--threads", "2").exitCode());
        for (String f : List.of("points.jsonl", "points.csv", "pareto.csv")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(two.resolve(f)), f);
        }
        // a killed run: two whole points, half a line of the third, no CSVs yet
        byte[] whole = Files.readAllBytes(one.resolve("points.jsonl"));
        int cut = 0;
        for (int lines = 0; lines < 2; cut++) {
            if (whole[cut] == '\n') {
                lines++;
            }
        }
        int partial = cut + 40;
        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        Files.write(killed.resolve("points.jsonl"), java.util.Arrays.copyOf(whole, partial));
        CliRun again = sweep(SPEC, "--out", killed.toString(), "--threads", "2");
        assertEquals(ExitCode.BAD_INPUT, again.exitCode());
        assertTrue(again.errLine().contains("add --resume"), again.err());
        CliRun resumed = sweep(SPEC, "--out", killed.toString(), "--threads", "2", "--resume");
        assertEquals(ExitCode.OK, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("resuming: 2 of 6 points were finished"), resumed.err());
        assertEquals(sweep(SPEC, "--out", dir.resolve("fresh").toString(), "--resume").out().replace("fresh", "killed"), resumed.out());
        for (String f : List.of("points.jsonl", "points.csv", "pareto.csv")) {
            assertArrayEquals(Files.readAllBytes(one.resolve(f)), Files.readAllBytes(killed.resolve(f)), f);
        }
    }

    @Test
    void paretoHoldsTheUndominatedFeasibleRows() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(ExitCode.OK, sweep(SPEC, "--out", out.toString(), "--threads", "2").exitCode());
        List<JsonNode> rows = rows(out);
        List<String> want = new ArrayList<>();
        for (JsonNode r : rows) {
            boolean beaten = false;
            for (JsonNode o : rows) {
                if (r.get("status").asText().equals("ok") && o.get("status").asText().equals("ok")) {
                    long rc = r.get("cycles").asLong();
                    long oc = o.get("cycles").asLong();
                    double re = r.get("energy_pj").asDouble();
                    double oe = o.get("energy_pj").asDouble();
                    beaten |= oc <= rc && oe <= re && (oc < rc || oe < re);
                }
            }
            if (r.get("status").asText().equals("ok") && !beaten) {
                want.add(r.get("point").asText());
            }
        }
        List<String> got = new ArrayList<>();
        List<String> lines = Files.readAllLines(out.resolve("pareto.csv"));
        for (String l : lines.subList(1, lines.size())) {
            got.add(l.substring(0, l.indexOf(',')));
        }
        assertEquals(want, got);
    }

    @Test
    void badSpecsExit2WithOneLine() throws IOException {
        String head = "workloads:\n  - {topology: " + TOPOLOGY + "}\n";
        String[][] cases = {
                {head + "axes:\n  array.rowz: [16]\n", "4:3: axes.array.rowz: unknown key path"},
                {head + "axes:\n  array.rows: []\n", "4:3: axes.array.rows: empty axis"},
                {head + "axes:\n  array.rows: [x]\n", "4:16: axes.array.rows[0]: expected an integer"},
                {head + "axes:\n  array.rows: [16, 32]\n  array.cols: [16]\nzip: [[array.rows, array.cols]]\n", "6:20: zip[0][1]: axis array.cols has 1 values"},
                {head + "where: [\"speed > 1\"]\n", "3:9: where[0]: 'speed > 1': unknown name 'speed'"},
                {head + "axes:\n  array.rows: [16]\nwhere: [\"array.rows > 16\"]\n", "5:1: where: the filters keep none of the 1 points"},
                {head + "objectives: [speed]\n", "3:14: objectives[0]: unknown objective 'speed'"},
        };
        for (String[] c : cases) {
            Path spec = dir.resolve("bad.yaml");
            Files.writeString(spec, c[0]);
            CliRun r = sweep(spec.toString(), "--out", dir.resolve("o").toString());
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
            assertTrue(r.errLine().startsWith("fp8sim sweep: " + spec + ":" + c[1]), r.err());
            assertTrue(!Files.exists(dir.resolve("o")), "no output for a bad spec");
        }
    }

    @Test
    void anOutThatIsAFileIsRefusedAndKept() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "keep me");
        CliRun r = sweep(SPEC, "--out", file.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertEquals("fp8sim sweep: --out " + file + ": a file, not a folder; expected a folder for the sweep's outputs",
                r.errLine());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void theExampleIsTheCommittedExampleSpec() throws IOException {
        CliRun r = sweep("--example");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(Files.readString(Path.of(SPEC)), r.out());
    }
}
