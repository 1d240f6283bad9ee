package io.github.fp8sim.workloads.sweep;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pareto fronts of sweep rows: per workload, the feasible rows ({@code status=ok}) that no other
 * feasible row of that workload dominates, one row dominating another when it is at least as good on
 * every objective and better on one (smaller for a minimised objective, larger for a maximised one; a
 * missing figure is the worst). Rows keep their order (point order); equal rows are all kept.
 */
public final class Pareto {

    private Pareto() {
    }

    /** The rows of every workload's front, in the order of {@code rows}. */
    public static List<ObjectNode> front(List<ObjectNode> rows, List<String> workloads, List<SweepSpec.Objective> objectives) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : rows) {
            if (!feasible(r)) {
                continue;
            }
            boolean dominated = false;
            for (ObjectNode other : rows) {
                if (other != r && feasible(other) && other.get("workload").equals(r.get("workload"))
                        && dominates(other, r, objectives)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean feasible(ObjectNode r) {
        return "ok".equals(r.path("status").asText());
    }

    /** Whether {@code a} is at least as good as {@code b} on every objective and better on one. */
    static boolean dominates(ObjectNode a, ObjectNode b, List<SweepSpec.Objective> objectives) {
        boolean better = false;
        for (SweepSpec.Objective o : objectives) {
            double x = cost(a.get(o.name()), o);
            double y = cost(b.get(o.name()), o);
            if (x > y) {
                return false;
            }
            better |= x < y;
        }
        return better;
    }

    /** The objective as a cost to minimise. */
    private static double cost(JsonNode v, SweepSpec.Objective o) {
        if (v == null || !v.isNumber()) {
            return Double.POSITIVE_INFINITY;
        }
        return o.maximise() ? -v.asDouble() : v.asDouble();
    }
}
