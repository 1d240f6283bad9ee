package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@code fp8sim quantize}'s input CSV through the command itself: the first byte picks the
 * format (low 2 bits) and rounding (next 2 bits), the rest is the file. Any file must end in exit 0 or
 * in exit 2 with a one-line message (the project's input exception); exit 3, an internal error, is a
 * finding. The default suite replays {@code QuantizeCsvFuzzTestInputs/}; {@code ./run-tests -Pfuzz}
 * mutates inputs.
 */
class QuantizeCsvFuzzTest {

    private static final Path FILE = FuzzFiles.temporary(".csv");
    private static final List<String> FORMATS = List.of("e5m2", "e4m3", "e4m3fnuz", "bf16");
    private static final List<String> ROUNDINGS = List.of("rne", "rz", "sr", "sr");

    @FuzzTest(maxDuration = "2m")
    void quantizeAnyCsv(byte[] input) {
        int options = input.length > 0 ? input[0] : 0;
        CliRun run = CliRun.of("quantize", "--format", FORMATS.get(options & 3), "--rounding", ROUNDINGS.get((options >> 2) & 3),
                "--input", FuzzFiles.writeTail(FILE, input).toString());
        if (run.exitCode() == ExitCode.BAD_INPUT) {
            run.errLine();
        } else if (run.exitCode() != ExitCode.OK) {
            throw new AssertionError("exit " + run.exitCode() + ": " + run.err());
        }
    }
}
