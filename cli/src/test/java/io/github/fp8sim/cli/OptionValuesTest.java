package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An option value that is wrong on its own is a usage error, exit 2, one line naming the option and the
 * value, before the command prints anything or does any work; never an internal error (exit 3).
 */
class OptionValuesTest {

    @TempDir
    Path dir;

    private static void refused(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), String.join(" ", args) + ": " + run.err());
        String command = "fp8sim " + args[0];
        assertEquals(command + ": " + expected + " (see '" + command + " --help')", run.errLine());
        assertEquals("", run.out(), "nothing is printed before the check");
    }

    @Test
    void quantizeNeedsAtLeastOneLaneWhateverTheRounding() throws IOException {
        String in = Files.writeString(dir.resolve("in.csv"), "f32_hex\n0x3F800000\n").toString();
        refused("--lanes 0: expected an integer >= 1", "quantize", "--format", "e5m2", "--rounding", "sr", "--lanes", "0",
                "--input", in);
        refused("--lanes -3: expected an integer >= 1", "quantize", "--format", "e5m2", "--rounding", "sr", "--lanes", "-3",
                "--input", in);
        refused("--lanes 0: expected an integer >= 1", "quantize", "--format", "e5m2", "--lanes", "0", "--input", in);
    }

    @Test
    void trainingOptionsNameTheOptionAndItsValue() {
        for (String command : new String[] {"train", "experiment"}) {
            String[] head = command.equals("train") ? new String[] {"train"} : new String[] {"experiment", "fp8-training"};
            refused("--lr Infinity: expected a finite number > 0", with(head, "--lr", "Infinity"));
            refused("--lr NaN: expected a finite number > 0", with(head, "--lr", "NaN"));
            refused("--lr 0.0: expected a finite number > 0", with(head, "--lr", "0"));
            refused("--momentum NaN: expected a number in [0, 1)", with(head, "--momentum", "NaN"));
            refused("--momentum 1.0: expected a number in [0, 1)", with(head, "--momentum", "1"));
            refused("--weight-decay -1.0: expected a finite number >= 0", with(head, "--weight-decay", "-1"));
            refused("--weight-decay Infinity: expected a finite number >= 0", with(head, "--weight-decay", "Infinity"));
            refused("--epochs 0: expected an integer >= 1", with(head, "--epochs", "0"));
            refused("--batch 0: expected an integer >= 1", with(head, "--batch", "0"));
            refused("--threads 0: expected an integer >= 1", with(head, "--threads", "0"));
            refused("--average-last 3: expected 1 to --epochs (2)", with(head, "--epochs", "2", "--average-last", "3"));
            refused("--fp32-layers ',': expected one or more values separated by commas", with(head, "--fp32-layers", ","));
        }
    }

    @Test
    void anEmptyListIsNotTheDefault() {
        refused("--seeds ',': expected one or more values separated by commas", "experiment", "fp8-training", "--seeds", ",");
        refused("--runs ',': expected one or more values separated by commas", "experiment", "fp8-training", "--runs", ",");
    }

    private static String[] with(String[] head, String... tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
