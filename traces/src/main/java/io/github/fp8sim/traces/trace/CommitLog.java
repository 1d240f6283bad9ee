package io.github.fp8sim.traces.trace;

/**
 * The commit-log text view of a trace (after RISC-V Spike's {@code --log-commits}): one line per
 * instruction, stable and diffable with standard tools, e.g.
 * {@code core 0: 0x00000040 (seq 2) gemm ... [mac 328-486] acc:0x0+4096=0x1A2B3C4D}.
 */
public final class CommitLog {

    private CommitLog() {
    }

    /** One line for a row (no newline). */
    public static String line(TraceRow r) {
        StringBuilder sb = new StringBuilder();
        sb.append("core 0: ").append(r.pc()).append(" (seq ").append(r.seq()).append(") ").append(r.asm())
                .append(" [").append(r.unit()).append(' ').append(r.startCycle()).append('-').append(r.endCycle()).append(']');
        if (!"0".equals(r.bytesMoved())) {
            sb.append(" bytes=").append(r.bytesMoved());
        }
        if (!r.writes().isEmpty()) {
            sb.append(' ').append(r.writes().replace(";", " "));
        }
        return sb.toString();
    }

    /** The whole log, one line per row, each ending in '\n'. */
    public static String of(Trace t) {
        StringBuilder sb = new StringBuilder();
        for (TraceRow r : t.rows()) {
            sb.append(line(r)).append('\n');
        }
        return sb.toString();
    }
}
