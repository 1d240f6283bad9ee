package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace record --model}: a whole compiled model as a trace that replays; and its refusals. */
class TraceRecordModelTest {

    @Test
    void aModelsTraceReplaysAndMatchesRunsProgram(@TempDir Path dir) {
        Path t = dir.resolve("r8.csv");
        CliRun rec = CliRun.of("trace", "record", "--model", "resnet8", "--batch", "1", "--trace", t.toString());
        assertEquals(ExitCode.OK, rec.exitCode(), rec.err());
        assertTrue(rec.out().startsWith(t + ": 1696 instructions, "), rec.out());
        assertTrue(rec.err().contains("trace record: compiling resnet8"), rec.err());
        CliRun replay = CliRun.of("trace", "replay", t.toString());
        assertEquals(ExitCode.OK, replay.exitCode(), replay.out());
        assertEquals(t + ": 1696 rows replayed, all match\n", replay.out());
        // a timing trace of the same model records the same program, without DRAM inputs
        Path timing = dir.resolve("timing.csv");
        CliRun rt = CliRun.of("trace", "record", "--model", "resnet8", "--mode", "timing", "--trace", timing.toString());
        assertEquals(ExitCode.OK, rt.exitCode(), rt.err());
        assertEquals(rec.out().replaceAll(".*program sha256 ", ""), rt.out().replaceAll(".*program sha256 ", ""));
    }

    @Test
    void onnxFilesUnknownModelsAndModelOptionsWithoutAModelAreBadUsage(@TempDir Path dir) {
        String trace = dir.resolve("t.csv").toString();
        CliRun onnx = CliRun.of("trace", "record", "--model", "net.onnx", "--trace", trace);
        assertEquals(ExitCode.BAD_INPUT, onnx.exitCode());
        assertTrue(onnx.errLine().startsWith("fp8sim trace record: --model net.onnx: ONNX import is not supported yet; give a model name"),
                onnx.err());
        CliRun unknown = CliRun.of("trace", "record", "--model", "resnet9", "--trace", trace);
        assertEquals(ExitCode.BAD_INPUT, unknown.exitCode());
        assertTrue(unknown.errLine().contains("unknown model 'resnet9'"), unknown.err());
        CliRun batch = CliRun.of("trace", "record", "examples/gemm-tile.s", "--batch", "2", "--trace", trace);
        assertEquals(ExitCode.BAD_INPUT, batch.exitCode());
        assertTrue(batch.errLine().contains("--batch and --weights go with --model"), batch.err());
        CliRun two = CliRun.of("trace", "record", "examples/gemm-tile.s", "--model", "resnet8", "--trace", trace);
        assertEquals(ExitCode.BAD_INPUT, two.exitCode());
        assertTrue(two.errLine().contains("give one of PROG, --topology FILE.csv or --model NAME"), two.err());
    }
}
