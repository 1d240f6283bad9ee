package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.github.fp8sim.runtime.progress.Progress;
import io.github.fp8sim.testkit.SystemProperty;
import org.junit.jupiter.api.Test;

/** Progress goes to stderr in the style {@code fp8sim.progress} names; a short task prints no line. */
class CliProgressTest {

    private static String with(String style, java.util.function.Consumer<Progress> job) {
        StringWriter err = new StringWriter();
        SystemProperty.with(CliProgress.PROPERTY, style, () -> {
            job.accept(CliProgress.on(new PrintWriter(err, true), "job"));
            return null;
        });
        return err.toString();
    }

    private static void shortJob(Progress p) {
        p.say("compiling");
        try (Progress.Task t = p.task("running", 10)) {
            for (int i = 0; i < 10; i++) {
                t.step(1);
            }
        }
    }

    @Test
    void linesByDefaultPrintPhasesAndNothingForAShortTask() {
        assertEquals("job: compiling\n", with(null, CliProgressTest::shortJob));
        assertEquals("job: compiling\n", with("lines", CliProgressTest::shortJob));
    }

    @Test
    void offPrintsNothing() {
        assertEquals("", with("off", CliProgressTest::shortJob));
    }

    @Test
    void runPrintsItsResultsOnStdoutAndItsProgressOnStderr() {
        CliRun r = CliRun.of("run", "--model", "resnet8");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals("resnet8: compiling resnet8\nresnet8: 1696 instructions in 11 layers\n", r.err());
    }
}
