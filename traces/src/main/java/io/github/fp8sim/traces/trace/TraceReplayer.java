package io.github.fp8sim.traces.trace;

import java.util.List;

/**
 * Re-executes the program recorded in a trace, on the recorded machine, in the recorded mode and
 * with the recorded DRAM images, and compares every row and field with what was recorded.
 */
public final class TraceReplayer {

    private TraceReplayer() {
    }

    /** The result: rows recorded and replayed, and the differences found (empty when all match). */
    public record Result(int recordedRows, int replayedRows, List<Difference> differences) {
        public boolean matches() {
            return differences.isEmpty();
        }
    }

    /** Replays {@code recorded}; {@code all} reports every difference, otherwise only the first. */
    public static Result replay(Trace recorded, boolean all) {
        Trace actual = Tracing.rerun(recorded);
        return new Result(recorded.rows().size(), actual.rows().size(),
                List.copyOf(TraceCompare.compare(recorded.rows(), actual.rows(), all)));
    }
}
