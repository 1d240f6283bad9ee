package io.github.fp8sim.traces.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two traces (two machines, two builds, or an RTL run converted to this format) row by
 * row: the first divergence and a summary. The headers are not compared, only the tables.
 */
public final class TraceDiff {

    private TraceDiff() {
    }

    /**
     * @param rowsA        rows in the first trace
     * @param rowsB        rows in the second
     * @param rowsCompared rows present in both
     * @param differingRowsPerField for each column, how many rows differ in it (every column listed)
     * @param cyclesA      the first trace's cycles (latest end cycle)
     * @param cyclesB      the second's
     * @param first        the first divergence, or null when the tables are identical
     */
    public record Result(int rowsA, int rowsB, int rowsCompared, Map<String, Integer> differingRowsPerField,
            long cyclesA, long cyclesB, Difference first) {
        public boolean identical() {
            return first == null;
        }

        /** A few lines for users, ending in a newline. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(first == null ? "identical\n" : "first divergence: " + first.describe() + "\n");
            sb.append("rows compared: ").append(rowsCompared).append(" (A has ").append(rowsA).append(", B has ").append(rowsB).append(")\n");
            StringBuilder fields = new StringBuilder();
            differingRowsPerField.forEach((f, n) -> {
                if (n > 0) {
                    fields.append(fields.isEmpty() ? "" : ", ").append(f).append(' ').append(n);
                }
            });
            sb.append("rows differing per field: ").append(fields.isEmpty() ? "none" : fields).append('\n');
            sb.append("cycles: A ").append(cyclesA).append(", B ").append(cyclesB).append('\n');
            return sb.toString();
        }
    }

    public static Result diff(Trace a, Trace b) {
        List<Difference> all = TraceCompare.compare(a.rows(), b.rows(), true);
        Map<String, Integer> perField = new LinkedHashMap<>();
        for (String f : TraceRow.COLUMNS) {
            perField.put(f, 0);
        }
        int compared = Math.min(a.rows().size(), b.rows().size());
        for (Difference d : all) {
            if (d.row() < compared) {
                perField.merge(d.field(), 1, Integer::sum);
            }
        }
        return new Result(a.rows().size(), b.rows().size(), compared, perField, a.cycles(), b.cycles(),
                all.isEmpty() ? null : all.get(0));
    }
}
