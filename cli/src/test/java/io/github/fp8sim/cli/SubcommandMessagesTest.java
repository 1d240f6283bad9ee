package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A nested subcommand's errors name it in full, and the help they point to exists. */
class SubcommandMessagesTest {

    @TempDir
    Path dir;

    @Test
    void aUsageErrorNamesTheFullCommandAndAHelpThatExists() {
        CliRun run = CliRun.of("trace", "record", "p.s", "--trace", "t.csv", "--bogus");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("fp8sim trace record: Unknown option: '--bogus' (see 'fp8sim trace record --help')", run.errLine());
        assertEquals(ExitCode.OK, CliRun.of("trace", "record", "--help").exitCode());
        CliRun check = CliRun.of("vectors", "check", "--actual", "a.csv");
        assertEquals("fp8sim vectors check: Missing required parameter: 'V.csv' (see 'fp8sim vectors check --help')",
                check.errLine());
    }

    @Test
    void aBadInputNamesTheFullCommand() {
        Path missing = dir.resolve("t.csv");
        CliRun run = CliRun.of("trace", "replay", missing.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("fp8sim trace replay: " + missing + ": no such file", run.errLine());
        assertEquals("fp8sim: a subcommand is required (see 'fp8sim --help')", CliRun.of().errLine());
        assertEquals("fp8sim trace: a subcommand is required (record, replay, diff, log) (see 'fp8sim trace --help')",
                CliRun.of("trace").errLine());
    }
}
