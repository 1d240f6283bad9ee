package io.github.fp8sim.workloads.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Pareto fronts against a brute-force count written here, on random rows with ties and infeasible ones. */
class ParetoTest {

    @Test
    void frontIsWhatNoFeasibleRowOfTheSameWorkloadBeats() {
        Random rnd = new Random(13);
        List<SweepSpec.Objective> objectives = List.of(new SweepSpec.Objective("cycles", false),
                new SweepSpec.Objective("tops", true), new SweepSpec.Objective("energy_pj", false));
        for (int trial = 0; trial < 200; trial++) {
            List<ObjectNode> rows = new ArrayList<>();
            int n = 1 + rnd.nextInt(30);
            for (int i = 0; i < n; i++) {
                ObjectNode r = JsonNodeFactory.instance.objectNode();
                r.put("point", i).put("workload", rnd.nextBoolean() ? "a" : "b").put("status", rnd.nextInt(5) == 0 ? "infeasible" : "ok");
                r.put("cycles", rnd.nextInt(5)).put("tops", rnd.nextInt(5) / 2.0).put("energy_pj", rnd.nextInt(5));
                rows.add(r);
            }
            List<ObjectNode> want = new ArrayList<>();
            for (ObjectNode r : rows) {
                if (!r.get("status").asText().equals("ok")) {
                    continue;
                }
                int c = r.get("cycles").asInt();
                double t = r.get("tops").asDouble();
                int e = r.get("energy_pj").asInt();
                boolean beaten = false;
                for (ObjectNode o : rows) {
                    int oc = o.get("cycles").asInt();
                    double ot = o.get("tops").asDouble();
                    int oe = o.get("energy_pj").asInt();
                    boolean noWorse = oc <= c && ot >= t && oe <= e;
                    boolean differs = oc != c || ot != t || oe != e;
                    if (o.get("status").asText().equals("ok") && o.get("workload").equals(r.get("workload")) && noWorse && differs) {
                        beaten = true;
                    }
                }
                if (!beaten) {
                    want.add(r);
                }
            }
            assertEquals(want, Pareto.front(rows, List.of("a", "b"), objectives), "trial " + trial);
        }
    }
}
