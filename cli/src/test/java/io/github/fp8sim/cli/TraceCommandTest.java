package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import io.github.fp8sim.testkit.RandomCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim trace}: record, replay, diff and log, with the exit-code contract (0, 1, 2). */
class TraceCommandTest {

    /** Runs {@code fp8sim trace ARGS} in-process. */
    static CliRun trace(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "trace";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    static Path inputs(Path dir) throws IOException {
        byte[] b = RandomCodes.masked(new Random(7), 0x1800, 0xBF);   // no Inf or NaN e5m2 operands
        Path f = dir.resolve("ab.bin");
        Files.write(f, b);
        return f;
    }

    static CliRun record(Path dir, String traceName, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("record", "examples/gemm-tile.s", "--machine", "default",
                "--dram-in", inputs(dir) + "@0x0", "--trace", dir.resolve(traceName).toString()));
        args.addAll(List.of(extra));
        return trace(args.toArray(String[]::new));
    }

    @Test
    void recordThenReplayExitsZero(@TempDir Path dir) throws IOException {
        CliRun r = record(dir, "t.csv", "--log", dir.resolve("t.log").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("10 instructions"), r.out());
        CliRun replay = trace("replay", dir.resolve("t.csv").toString());
        assertEquals(ExitCode.OK, replay.exitCode(), replay.out() + replay.err());
        assertTrue(replay.out().contains("10 rows replayed, all match"), replay.out());
        CliRun log = trace("log", dir.resolve("t.csv").toString());
        assertEquals(Files.readString(dir.resolve("t.log")), log.out());
        assertTrue(log.out().split("\n")[2].startsWith("core 0: 0x00000040 (seq 2) gemm "), log.out());
    }

    @Test
    void recordTwiceIsByteIdentical(@TempDir Path dir) throws IOException {
        record(dir, "a.csv");
        record(dir, "b.csv");
        assertEquals(-1, Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv")));
        CliRun d = trace("diff", dir.resolve("a.csv").toString(), dir.resolve("b.csv").toString());
        assertEquals(ExitCode.OK, d.exitCode());
        assertTrue(d.out().startsWith("identical\n"), d.out());
    }

    @Test
    void anEditedCycleMakesReplayExitOneNamingRowAndField(@TempDir Path dir) throws IOException {
        record(dir, "t.csv");
        Path t = dir.resolve("t.csv");
        List<String> lines = Files.readAllLines(t);
        // row 4 is line 13 (7 header rows with one DRAM image, the table header, rows 0..3)
        String[] f = lines.get(12).split(",");
        assertEquals("4", f[0]);
        String end = f[6];
        f[6] = String.valueOf(Long.parseLong(end) + 1);
        lines.set(12, String.join(",", f));
        Files.write(t, lines);
        CliRun r = trace("replay", t.toString());
        assertEquals(ExitCode.MISMATCH, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().startsWith(t + ": row 4 (line 13), field end_cycle: expected " + f[6] + ", actual " + end + "\n"), r.out());
        CliRun d = trace("diff", t.toString(), dir.resolve("t.csv").toString());
        assertEquals(ExitCode.OK, d.exitCode());
        record(dir, "clean.csv");
        CliRun d2 = trace("diff", dir.resolve("clean.csv").toString(), t.toString());
        assertEquals(ExitCode.MISMATCH, d2.exitCode());
        assertTrue(d2.out().startsWith("first divergence: row 4 (line 13), field end_cycle"), d2.out());
    }

    @Test
    void aDamagedTraceExitsTwoWithTheLine(@TempDir Path dir) throws IOException {
        record(dir, "t.csv");
        Path t = dir.resolve("t.csv");
        String text = Files.readString(t);
        Files.writeString(t, text.substring(0, text.length() / 2 + 7));
        CliRun r = trace("replay", t.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertTrue(r.errLine().matches("fp8sim trace replay: " + java.util.regex.Pattern.quote(t.toString()) + ": line \\d+.*"), r.err());
        CliRun none = trace("replay", dir.resolve("missing.csv").toString());
        assertEquals(ExitCode.BAD_INPUT, none.exitCode());
    }

    @Test
    void timingModeRecordsTheSameCycles(@TempDir Path dir) throws IOException {
        CliRun f = record(dir, "f.csv");
        CliRun t = record(dir, "t.csv", "--mode", "timing");
        assertEquals(ExitCode.OK, t.exitCode(), t.err());
        String cycles = f.out().replaceAll(".*instructions, (\\d+) cycles.*\\s*", "$1");
        assertEquals(cycles, t.out().replaceAll(".*instructions, (\\d+) cycles.*\\s*", "$1"));
        assertEquals(ExitCode.OK, trace("replay", dir.resolve("t.csv").toString()).exitCode());
        assertEquals(ExitCode.BAD_INPUT, record(dir, "x.csv", "--mode", "fast").exitCode());
    }

    @Test
    void aTopologyRecordsAndReplaysCleanInTimingMode(@TempDir Path dir) throws IOException {
        Path t = dir.resolve("resnet.csv");
        CliRun r = trace("record", "--topology", "examples/resnet18-conv.csv", "--mode", "timing", "--trace", t.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        CliRun replay = trace("replay", t.toString());
        assertEquals(ExitCode.OK, replay.exitCode(), replay.out() + replay.err());
        // the trace's cycles are the run command's cycles for the same topology and machine
        CliRun run = CliRun.of("run", "--topology", "examples/resnet18-conv.csv", "--mode", "timing");
        String cycles = r.out().replaceAll("(?s).*instructions, (\\d+) cycles.*", "$1");
        assertTrue(run.out().replace(",", "").contains(cycles + " cycles"), run.out() + " vs " + cycles);
        // functional: the synthetic operands travel in the trace, so it replays clean with every CRC
        Path f = t.resolveSibling("functional.csv");
        CliRun rec = trace("record", "--topology", "examples/resnet18-conv.csv", "--seed", "3", "--trace", f.toString());
        assertEquals(ExitCode.OK, rec.exitCode(), rec.err());
        CliRun clean = trace("replay", f.toString());
        assertEquals(ExitCode.OK, clean.exitCode(), clean.out() + clean.err());
        assertTrue(Files.readString(f).contains("=0x"), "functional rows carry the CRCs of what was written");
        assertEquals(ExitCode.BAD_INPUT, trace("record", "--topology", "examples/resnet18-conv.csv", "--dram-in", "x@0",
                "--trace", t.toString()).exitCode());
        assertEquals(ExitCode.BAD_INPUT, trace("record", "--trace", t.toString()).exitCode());
    }
}
