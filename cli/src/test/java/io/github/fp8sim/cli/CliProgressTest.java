package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.github.fp8sim.runtime.progress.Progress;
import org.junit.jupiter.api.Test;

/** Progress goes to stderr in the style {@code fp8sim.progress} names; a short task prints no line. */
class CliProgressTest {

    private static String with(String style, java.util.function.Consumer<Progress> job) {
        String before = System.getProperty(CliProgress.PROPERTY);
        StringWriter err = new StringWriter();
        try {
            if (style == null) {
                System.clearProperty(CliProgress.PROPERTY);
            } else {
                System.setProperty(CliProgress.PROPERTY, style);
            }
            job.accept(CliProgress.on(new PrintWriter(err, true), "job"));
        } finally {
            if (before == null) {
                System.clearProperty(CliProgress.PROPERTY);
            } else {
                System.setProperty(CliProgress.PROPERTY, before);
            }
        }
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
