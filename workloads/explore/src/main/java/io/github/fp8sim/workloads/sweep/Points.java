package io.github.fp8sim.workloads.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.fp8sim.runtime.config.MachineFiles;

/**
 * The points of a sweep: the cartesian product of its axes (a zip group is one axis, at the place of
 * its first member, its axes taking their i-th values together), in spec order with the last axis
 * fastest, less the points a {@code where} filter rejects. Points are numbered from 0 after filtering.
 */
public final class Points {

    /** At most this many combinations before filtering: a sweep is run point by point. */
    public static final long MAX_COMBINATIONS = 1_000_000;

    /** A point: its number and the value of each axis, in the spec's axis order. */
    public record Point(int index, Map<String, JsonNode> values) {
        public Point {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    private Points() {
    }

    /**
     * The points of {@code spec}.
     *
     * @throws SweepSpecException if there are too many combinations, a filter cannot be evaluated, or
     *                            the filters keep no point
     */
    public static List<Point> of(SweepSpec spec) {
        // the dimensions: each a list of settings, a setting being one or more (axis, value) pairs
        List<List<Map<String, JsonNode>>> dims = new ArrayList<>();
        for (SweepSpec.Axis a : spec.axes()) {
            List<String> group = spec.zip().stream().filter(g -> g.contains(a.key())).findFirst().orElse(List.of(a.key()));
            if (firstInSpec(spec, group) != a) {
                continue;                                           // a later member of a zip group
            }
            List<Map<String, JsonNode>> settings = new ArrayList<>();
            int n = a.values().size();
            for (int i = 0; i < n; i++) {
                Map<String, JsonNode> s = new LinkedHashMap<>();
                for (String k : group) {
                    s.put(k, axis(spec, k).values().get(i));
                }
                settings.add(s);
            }
            dims.add(settings);
        }
        long combinations = 1;
        for (List<Map<String, JsonNode>> d : dims) {
            combinations *= d.size();
            if (combinations > MAX_COMBINATIONS) {
                throw spec.error("axes", "more than " + MAX_COMBINATIONS + " combinations; split the sweep");
            }
        }
        List<Point> out = new ArrayList<>();
        int[] at = new int[dims.size()];
        for (long c = 0; c < combinations; c++) {
            Map<String, JsonNode> set = new LinkedHashMap<>();
            for (int d = 0; d < dims.size(); d++) {
                set.putAll(dims.get(d).get(at[d]));
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (SweepSpec.Axis a : spec.axes()) {
                values.put(a.key(), set.get(a.key()));
            }
            if (passes(spec, values)) {
                out.add(new Point(out.size(), values));
            }
            for (int d = dims.size() - 1; d >= 0; d--) {             // the last dimension fastest
                if (++at[d] < dims.get(d).size()) {
                    break;
                }
                at[d] = 0;
            }
        }
        if (out.isEmpty()) {
            throw spec.error("where", "the filters keep none of the " + combinations + " points");
        }
        return out;
    }

    private static SweepSpec.Axis firstInSpec(SweepSpec spec, List<String> group) {
        return spec.axes().stream().filter(a -> group.contains(a.key())).findFirst().orElseThrow();
    }

    private static SweepSpec.Axis axis(SweepSpec spec, String key) {
        return spec.axes().stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow();
    }

    private static boolean passes(SweepSpec spec, Map<String, JsonNode> values) {
        if (spec.where().isEmpty()) {
            return true;
        }
        JsonNode tree = MachineFiles.overridden(spec.baseMachine(), values);
        for (int i = 0; i < spec.where().size(); i++) {
            Filter f = spec.where().get(i);
            try {
                if (!f.test(key -> {
                    JsonNode n = MachineFiles.at(tree, key);
                    if (n != null && n.isNumber()) {
                        return n.asDouble();
                    }
                    if (n != null && n.isTextual()) {
                        return n.asText();
                    }
                    throw new IllegalArgumentException(key + " is a list, not a number or text");
                })) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                throw spec.error("where[" + i + "]", "'" + f.text() + "': " + e.getMessage());
            }
        }
        return true;
    }
}
