package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with exit 2 and one line naming file, line and column; no output file is half written. */
class BadInputTest {

    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void aMalformedHexFieldNamesFileLineAndColumn() throws IOException {
        Path in = csv("in.csv", "name,f32_hex\na,0x3F800000\nb,0x7F80000\n");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        String line = run.errLine();
        assertTrue(line.contains("in.csv: line 3, column f32_hex"), line);
        assertTrue(line.contains("'0x7F80000'"), line);
        assertEquals("", run.out(), "nothing reaches stdout when a row is bad");
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        Path in = csv("in.csv", "name,value\na,1.0\n");
        CliRun run = CliRun.of("quantize", "--format", "e4m3", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("line 1: missing column 'f32_hex'"), run.err());
    }

    @Test
    void aRandomValueOutOfRangeIsRejected() throws IOException {
        Path in = csv("in.csv", "f32_hex,random\n0x3F800000,255\n0x3F800000,256\n");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--rounding", "sr", "--sr-bits", "8", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("line 3, column random: 256 is outside [0, 2^8)"), run.err());
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsRejected() throws IOException {
        Path in = csv("in.csv", "name,f32_hex\na,0x3F800000,extra\n");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("line 2: expected 2 fields"), run.err());
    }

    @Test
    void brokenQuotingIsAMalformedCsvWithItsLine() throws IOException {
        Path in = csv("in.csv", "name,f32_hex\na,0x3F800000\n\"b,0x3F800000\n");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("line 3: malformed CSV"), run.err());
    }

    @Test
    void anEmptyFileAsksForAHeader() throws IOException {
        Path in = csv("in.csv", "");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", in.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("expected a header row"), run.err());
    }

    @Test
    void aMissingFileIsNamed() {
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", dir.resolve("nope.csv").toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().endsWith("nope.csv: no such file"), run.err());
    }

    @Test
    void anExistingOutputIsLeftUntouchedWhenARowIsBad() throws IOException {
        Path in = csv("in.csv", "f32_hex\n0x3F800000\nnot-hex\n");
        Path out = csv("out.csv", "previous content\n");
        CliRun run = CliRun.of("quantize", "--format", "e5m2", "--input", in.toString(), "--output", out.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("previous content\n", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test
    void unknownFormatsRoundingsAndOptionsAreOneLineUsageErrors() {
        for (String[] args : new String[][] {
                {"quantize", "--format", "e9m2", "--input", "x.csv"},
                {"quantize", "--format", "e5m2", "--rounding", "up", "--input", "x.csv"},
                {"quantize", "--format", "e5m2", "--overflow", "wrap", "--input", "x.csv"},
                {"quantize", "--format", "e5m2", "--sr-bits", "32", "--input", "x.csv"},
                {"quantize", "--format", "e5m2", "--bogus"},
                {"decode", "--format", "e5m2", "0x100"},
                {"decode", "--format", "e5m2", "zz"},
                {"formats", "e5m0"},
                {"no-such-command"},
        }) {
            CliRun run = CliRun.of(args);
            assertEquals(ExitCode.BAD_INPUT, run.exitCode(), String.join(" ", args) + " -> " + run.err());
            assertTrue(run.errLine().startsWith("fp8sim"), run.err());
        }
    }

    @Test
    void anIeeeFormatWithoutMantissaSaysWhatToUseInstead() {
        CliRun run = CliRun.of("formats", "e5m0");
        assertTrue(run.errLine().contains("use e5m0fn or e5m0fnuz"), run.err());
    }
}
