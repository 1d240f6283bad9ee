package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.testkit.SystemProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Jobs that cannot fit are refused before they start (exit 2, one line with the estimate); an
 * {@link Error} left is one line and exit 3; quantize streams.
 */
class MemoryLimitsTest {

    private static final String BIG_TOPOLOGY = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
            + "small, 16, 16, 3, 3, 8, 8, 1,\nbig, 4000, 4000, 1, 1, 256, 64, 1,\n";

    private static CliRun withHeapLimit(String limit, String... args) {
        return SystemProperty.with(HeapBudget.LIMIT_PROPERTY, limit, () -> CliRun.of(args));
    }

    @Test
    void aFunctionalModelRunOverTheHeapIsRefusedWithItsEstimate() {
        CliRun r = withHeapLimit("64m", "run", "--model", "resnet8", "--batch", "256", "--mode", "functional");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.errLine().matches("fp8sim run: resnet8 at batch 256 in functional mode: needs about [0-9.]+ MiB of heap, "
                + "the JVM has 64.0 MiB \\(set FP8SIM_JAVA_OPTS=-Xmx1g\\)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aBatchOverTheDramIsRefusedBeforeCompiling() {
        long t0 = System.nanoTime();
        CliRun r = CliRun.of("run", "--model", "resnet8", "--batch", "100000");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.errLine().startsWith("fp8sim run: resnet8 at batch 100000 in timing mode: needs at least 7.2 GiB of DRAM"), r.err());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "refused in seconds, not after compiling");
    }

    @Test
    void aTopologyLayerTooLargeForItsOperandsIsRefusedByName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("big.csv");
        Files.writeString(csv, BIG_TOPOLOGY);
        String message = "layer big: its synthetic operand A (M x K = 16000000 x 256 = 4096000000 bytes) is larger than the "
                + "2147483639 bytes a functional run can generate in one piece; run it in timing mode, or split the layer";
        CliRun run = CliRun.of("run", "--machine", "datacenter128", "--topology", csv.toString(), "--mode", "functional");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("fp8sim run: " + message, run.errLine());
        CliRun trace = CliRun.of("trace", "record", "--machine", "datacenter128", "--topology", csv.toString(),
                "--trace", dir.resolve("t.csv").toString());
        assertEquals(ExitCode.BAD_INPUT, trace.exitCode());
        assertEquals("fp8sim trace record: " + message, trace.errLine());
        assertFalse(Files.exists(dir.resolve("t.csv")));
    }

    @Test
    void demoAndVectorsRefuseCountsThatCannotFit() {
        CliRun demo = CliRun.of("demo", "--count", "2147483647");
        assertEquals(ExitCode.BAD_INPUT, demo.exitCode());
        assertTrue(demo.errLine().startsWith("fp8sim demo: "), demo.err());
        CliRun demoHeap = withHeapLimit("64m", "demo", "--count", "100000000");
        assertEquals(ExitCode.BAD_INPUT, demoHeap.exitCode());
        assertEquals("fp8sim demo: demo --count 100000000: needs about 381.5 MiB of heap, the JVM has 64.0 MiB "
                + "(set FP8SIM_JAVA_OPTS=-Xmx1g)", demoHeap.errLine());
        CliRun vectors = CliRun.of("vectors", "--unit", "quantize", "--format", "e5m2", "--count", "2000000000");
        assertEquals(ExitCode.BAD_INPUT, vectors.exitCode());
        assertTrue(vectors.errLine().matches("fp8sim vectors: vectors --unit quantize --count 2000000000: needs about [0-9.]+ GiB "
                + "of heap, the JVM has .*"), vectors.err());
    }

    @Test
    void anErrorIsOneLineAndExit3() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Fp8sim.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cli.addSubcommand("oom", CommandLine.Model.CommandSpec.wrapWithoutInspection((Runnable) () -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        cli.addSubcommand("deep", CommandLine.Model.CommandSpec.wrapWithoutInspection((Runnable) () -> {
            throw new StackOverflowError();
        }));
        cli.setErr(new PrintWriter(err, true));   // to the subcommands added since
        assertEquals(ExitCode.INTERNAL, cli.execute("oom"));
        assertEquals(ExitCode.INTERNAL, cli.execute("deep"));
        List<String> lines = err.toString().lines().toList();
        assertEquals(2, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("fp8sim oom: ran out of memory (Java heap space; the JVM has "), lines.get(0));
        assertEquals("fp8sim deep: ran out of stack (set FP8SIM_JAVA_OPTS=-Xss... to give threads more)", lines.get(1));
    }

    @Test
    void gemmRefusesOperandsTooLargeForTheScratchpadBeforeReadingTheirValues(@TempDir Path dir) throws IOException {
        // 1024 x 1024 codes do not fit the default machine's 512 KiB scratchpad; the bad cell is never read
        Path a = dir.resolve("A.csv");
        try (BufferedWriter w = Files.newBufferedWriter(a)) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < 1024; j++) {
                header.append(j == 0 ? "" : ",").append('c').append(j);
            }
            w.write(header.append('\n').toString());
            String row = "0x00" + ",0x00".repeat(1023) + "\n";
            w.write("zz" + row.substring(4));
            for (int i = 1; i < 1024; i++) {
                w.write(row);
            }
        }
        CliRun r = CliRun.of("gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.errLine().contains("do not fit the default scratchpad"), r.err());
    }

    @Test
    void quantizeStreamsAFileLargerThanItsHeap(@TempDir Path dir) throws Exception {
        // 1.5 M rows (16 MB) through a JVM with 24 MiB of heap: reading the table whole needs several times that
        Path in = dir.resolve("in.csv");
        try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
            w.write("f32_hex\n");
            for (int i = 0; i < 1_500_000; i++) {
                w.write(String.format("0x%08X%n", i * 0x9E3779B9));
            }
        }
        Path outFile = dir.resolve("out.csv");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx24m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Fp8sim.class.getName(),
                "quantize", "--format", "e5m2", "--input", in.toString(), "--output", outFile.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "quantize timed out");
        assertEquals(0, p.exitValue(), text);
        try (var lines = Files.lines(outFile)) {
            assertEquals(1_500_001, lines.count());
        }
    }
}
