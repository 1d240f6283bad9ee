package io.github.fp8sim.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.github.fp8sim.runtime.progress.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr, in the style the system property {@value #PROPERTY} names: {@code bar} draws a
 * live bar per counted task (the {@code fp8sim} launcher asks for it when stderr is a terminal),
 * {@code lines} (the default) prints each phase and, for a task that has run for more than a few
 * seconds, a line every few seconds (cheap in a log), {@code off} prints nothing. The environment
 * variable {@code FP8SIM_PROGRESS} sets it through the launcher. Never on stdout.
 */
final class CliProgress implements Progress {
    static final String PROPERTY = "fp8sim.progress";
    /** A task prints its first line after this long, then one every this long. */
    static final long LINE_EVERY_NANOS = 5_000_000_000L;

    enum Style { BAR, LINES, OFF }

    private final PrintWriter err;
    private final String subject;
    private final Style style;

    private CliProgress(PrintWriter err, String subject, Style style) {
        this.err = err;
        this.subject = subject;
        this.style = style;
    }

    /** Progress of a job that {@code subject} names ("resnet8"), on {@code err}. */
    static CliProgress on(PrintWriter err, String subject) {
        String p = System.getProperty(PROPERTY, "lines").trim().toLowerCase(Locale.ROOT);
        Style style = switch (p) {
            case "bar" -> Style.BAR;
            case "off", "none" -> Style.OFF;
            default -> Style.LINES;
        };
        return new CliProgress(err, subject, style);
    }

    @Override
    public void say(String message) {
        if (style != Style.OFF) {
            err.println(subject + ": " + message);
            err.flush();
        }
    }

    @Override
    public Task task(String name, long total) {
        return switch (style) {
            case OFF -> Task.NONE;
            case LINES -> new LineTask(name, total);
            case BAR -> new BarTask(name, total);
        };
    }

    /** A live bar (me.tongfei:progressbar), on the process's stderr (a terminal). */
    private final class BarTask implements Task {
        private final ProgressBar bar;

        BarTask(String name, long total) {
            err.flush();
            PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(stderr, width()))
                    .build();
        }

        @Override
        public void step(long units) {
            bar.stepBy(units);
        }

        @Override
        public void close() {
            bar.close();
        }

        private static int width() {
            try {
                return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")) - 1);
            } catch (NumberFormatException e) {
                return 99;
            }
        }
    }

    /** A line every few seconds once a task has taken a few seconds; a last one when such a task ends. */
    private final class LineTask implements Task {
        private final String name;
        private final long total;
        private final long start = System.nanoTime();
        private long next = start + LINE_EVERY_NANOS;
        private long done;
        private boolean printed;

        LineTask(String name, long total) {
            this.name = name;
            this.total = total;
        }

        @Override
        public void step(long units) {
            done += units;
            long now = System.nanoTime();
            if (now >= next) {
                next = now + LINE_EVERY_NANOS;
                printed = true;
                line(now, String.format(Locale.ROOT, "%.0f%% (%,d of %,d)", total == 0 ? 100.0 : 100.0 * done / total, done, total));
            }
        }

        @Override
        public void close() {
            if (printed) {
                line(System.nanoTime(), String.format(Locale.ROOT, "%,d of %,d", done, total));
            }
        }

        private void line(long now, String state) {
            err.printf(Locale.ROOT, "%s: %s: %s, %d s%n", subject, name, state, (now - start) / 1_000_000_000L);
            err.flush();
        }
    }
}
