package io.github.fp8sim.runtime.memory;

import java.util.Locale;

import io.github.fp8sim.runtime.io.InputException;

/**
 * The heap a job may fill, and the refusal of a job whose estimate does not fit: a job that would run
 * out of memory after minutes is refused before it starts, with its estimate and the option to raise.
 * Each job kind estimates its own bytes next to its code ({@code ModelRunner.heapBytes},
 * {@code TopologyRunner.heapBytes}, ...); this class only compares.
 *
 * <p>The limit is the JVM's maximum heap less a headroom for the simulator itself and the collector, or
 * the system property {@value #LIMIT_PROPERTY} (bytes, or with a k, m or g suffix) when set: the one
 * place it is read, so tests can check refusals without starting a JVM with a small {@code -Xmx}.
 */
public final class HeapBudget {
    /** A heap limit in bytes (or {@code 256m}, {@code 2g}) that replaces the JVM's; for tests. */
    public static final String LIMIT_PROPERTY = "fp8sim.heap.limit";
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private HeapBudget() {
    }

    /** What the simulator itself (classes' statics, picocli, the machine's SRAMs) keeps besides a job. */
    static final long BASE = 32 * MIB;

    /**
     * The live data the JVM can give a job: two thirds of {@code -Xmx}, less {@link #BASE}. A collector
     * needs room beyond the live set to run: measured, the smallest {@code -Xmx} a job ran in was 1.1 to
     * 1.5 times its estimate (docs/commands/README.md).
     */
    public static long limit() {
        String p = System.getProperty(LIMIT_PROPERTY);
        if (p != null && !p.isBlank()) {
            return parseSize(p.trim());
        }
        return Math.max(0, Runtime.getRuntime().maxMemory() / 3 * 2 - BASE);
    }

    /** The {@code -Xmx} in GiB whose {@link #limit()} holds {@code bytes}. */
    static long suggestedXmxGib(long bytes) {
        return (long) Math.ceil((bytes + BASE) * 1.5 / GIB);
    }

    /**
     * Refuses a job that needs more than {@link #limit()}.
     *
     * @param job   what is refused, as the user asked for it (the message's subject)
     * @param bytes the job's estimate of the heap it holds at its peak
     * @throws InputException "JOB: needs about 31.2 GiB of heap, the JVM has 4.0 GiB (set FP8SIM_JAVA_OPTS=-Xmx47g)"
     */
    public static void check(String job, long bytes) {
        long limit = limit();
        if (bytes > limit) {
            long suggest = suggestedXmxGib(bytes);
            throw new InputException(job + ": needs about " + size(bytes) + " of heap, the JVM has " + size(limit)
                    + " (set FP8SIM_JAVA_OPTS=-Xmx" + suggest + "g" + (suggest > 20 ? ", on a machine with the memory" : "") + ")");
        }
    }

    /** {@code bytes} for people: "31.2 GiB", "480.0 MiB", "12.0 KiB". */
    public static String size(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    /** Adds estimates without overflowing (a saturating sum: an absurd job is still refused). */
    public static long plus(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }

    /** Multiplies estimates without overflowing. */
    public static long times(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    static long parseSize(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1024;
            case 'm' -> MIB;
            case 'g' -> GIB;
            default -> 1;
        };
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("-D" + LIMIT_PROPERTY + "=" + s + ": expected bytes, or a number with k, m or g");
        }
    }
}
