package io.github.fp8sim.traces.trace;

import java.util.ArrayList;
import java.util.List;

/** Compares two lists of trace rows field by field, in row order. */
final class TraceCompare {

    private TraceCompare() {
    }

    /**
     * Every difference between {@code expected} and {@code actual}, or only the first when
     * {@code all} is false. A row present on one side only is a difference in field {@code seq}.
     */
    static List<Difference> compare(List<TraceRow> expected, List<TraceRow> actual, boolean all) {
        List<Difference> out = new ArrayList<>();
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            TraceRow e = i < expected.size() ? expected.get(i) : null;
            TraceRow a = i < actual.size() ? actual.get(i) : null;
            if (e == null || a == null) {
                out.add(new Difference(i, e == null ? 0 : e.line(), "seq", e == null ? null : e.seq(), a == null ? null : a.seq()));
                if (!all) {
                    return out;
                }
                continue;
            }
            for (String f : TraceRow.COLUMNS) {
                if (!e.get(f).equals(a.get(f))) {
                    out.add(new Difference(i, e.line(), f, e.get(f), a.get(f)));
                    if (!all) {
                        return out;
                    }
                }
            }
        }
        return out;
    }
}
