package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's output files: never one of its inputs, never two on one file (both refused with exit 2
 * before any work), and all written or none when the command fails.
 */
class OutputFilesTest {

    /** A folder no file can be created in (Linux), so an output there fails after the others were written. */
    static final Path UNWRITABLE = Path.of("/proc/self");

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path matrix() throws IOException {
        return file("a.csv", "c0,c1\n0x3C,0x38\n0x40,0x00\n");
    }

    private Path program() throws IOException {
        return file("p.s", "halt\n");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Exit 2, one line on stderr that starts with {@code start}, and the input still as it was, byte for byte. */
    private void refused(String start, Path input, String... args) throws IOException {
        byte[] before = Files.readAllBytes(input);
        List<String> filesBefore = files();
        CliRun run = CliRun.of(args);
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.errLine().startsWith(start), run.errLine());
        assertArrayEquals(before, Files.readAllBytes(input), "the input is unchanged");
        assertEquals(filesBefore, files(), "no file is created");
    }

    @Test
    void anOutputThatIsAnInputIsRefused() throws IOException {
        Path a = matrix();
        Path csv = file("in.csv", "f32_hex\n0x3F800000\n");
        Path p = program();
        refused("fp8sim quantize: --output " + csv + ": the same file as the input --input " + csv, csv,
                "quantize", "--format", "e5m2", "--input", csv.toString(), "--output", csv.toString());
        refused("fp8sim gemm: --output " + a + ": the same file as the input --a " + a, a,
                "gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2", "--output", a.toString());
        refused("fp8sim disasm: --output " + p + ": the same file as the input IN.bin " + p, p,
                "disasm", p.toString(), "-o", p.toString());
        refused("fp8sim exec: --report " + p + ": the same file as the input PROG " + p, p,
                "exec", p.toString(), "--report", p.toString());
        refused("fp8sim trace record: --trace " + p + ": the same file as the input PROG " + p, p,
                "trace", "record", p.toString(), "--trace", p.toString());
        refused("fp8sim exec: --dram-out " + a + ": the same file as the input --dram-in " + a, a,
                "exec", p.toString(), "--dram-in", a + "@0", "--dram-out", "0:4=" + a);
    }

    @Test
    void anInputReachedByAnotherPathIsStillAnInput() throws IOException {
        Path a = matrix();
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), a);
        Path dotted = dir.resolve(".").resolve("a.csv");
        refused("fp8sim gemm: --output " + dotted + ": the same file as the input --a " + a, a,
                "gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2", "--output", dotted.toString());
        refused("fp8sim gemm: --output " + link + ": the same file as the input --a " + a, a,
                "gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2", "--output", link.toString());
    }

    @Test
    void twoOutputsOnOneFileAreRefused() throws IOException {
        Path a = matrix();
        Path out = dir.resolve("out");
        refused("fp8sim gemm: --report " + out + ": the same file as --output " + out, a,
                "gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2", "--output", out.toString(), "--report", out.toString());
        refused("fp8sim run: --layers " + out + ": the same file as --report " + out, a,
                "run", "--topology", RunCommandTest.TOPOLOGY, "--report", out.toString(), "--layers", out.toString());
        refused("fp8sim train: --curve " + out + ": the same file as --report " + out, a,
                "train", "--epochs", "1", "--report", out.toString(), "--curve", out.toString());
    }

    @Test
    void anOutputInAMissingFolderIsRefusedBeforeTheOthersAreWritten() throws IOException {
        Path a = matrix();
        Path layers = dir.resolve("no").resolve("l.csv");
        refused("fp8sim run: --layers " + layers + ": the folder ", a,
                "run", "--topology", RunCommandTest.TOPOLOGY, "--mode", "timing", "--report", dir.resolve("r.json").toString(),
                "--layers", layers.toString());
        refused("fp8sim trace record: --log " + dir + ": is a folder; expected a file to write", a,
                "trace", "record", program().toString(), "--trace", dir.resolve("t.csv").toString(), "--log", dir.toString());
    }

    @Test
    void whenOneOutputCannotBeWrittenNoneIs() throws IOException {
        assumeTrue(Files.isDirectory(UNWRITABLE), "Linux /proc");
        Path a = matrix();
        Path p = program();
        Path bad = UNWRITABLE.resolve("out");
        refused("fp8sim gemm: --output " + bad + ": cannot write (", a,
                "gemm", "--a", a.toString(), "--b", a.toString(), "--format", "e5m2", "--report", dir.resolve("r.json").toString(),
                "--output", bad.toString());
        refused("fp8sim run: --layers " + bad + ": cannot write (", a,
                "run", "--topology", RunCommandTest.TOPOLOGY, "--mode", "timing", "--report", dir.resolve("r.json").toString(),
                "--layers", bad.toString());
        refused("fp8sim exec: --dram-out " + bad + ": cannot write (", p,
                "exec", p.toString(), "--dram-out", "0:4=" + dir.resolve("first.bin"), "--dram-out", "0:4=" + bad);
        refused("fp8sim trace record: --log " + bad + ": cannot write (", p,
                "trace", "record", p.toString(), "--trace", dir.resolve("t.csv").toString(), "--log", bad.toString());
    }
}
