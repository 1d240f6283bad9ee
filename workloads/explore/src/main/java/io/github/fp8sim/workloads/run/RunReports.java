package io.github.fp8sim.workloads.run;

import java.util.Locale;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.report.ReportSection;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.topology.Topology;

/**
 * The JSON report ({@link RunReport}) of a topology or model run, built in one place: what
 * {@code fp8sim run --report} writes and what each point of a sweep takes its figures from.
 */
public final class RunReports {

    private RunReports() {
    }

    /** The report of a topology run. */
    public static RunReport topology(Topology topo, MachineConfig machine, EnergyTable table, Mode mode, TopologyRunner.Result result) {
        long layerCompute = result.layers().stream().mapToLong(LayerResult::computeCycles).sum();
        RunReport r = new RunReport(topo.name(), machine, result.accounting(), table).computeCyclesSummedOverLayers(layerCompute);
        ReportSection.ReportList layers = r.top().list("layers");
        for (LayerResult l : result.layers()) {
            layers.addObject().put("name", l.name()).put("m", l.m()).put("n", l.n()).put("k", l.k()).put("macs", l.macs())
                    .put("cycles", l.cycles()).put("start_cycle", l.startCycle()).put("end_cycle", l.endCycle())
                    .put("compute_cycles", l.computeCycles()).put("utilization", l.utilization()).put("energy_pj", l.energyPj());
        }
        r.top().put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (result.outputSha256() != null) {
            r.top().put("output_sha256", result.outputSha256());
        }
        return r;
    }

    /** The report of a model run. */
    public static RunReport model(Graph graph, MachineConfig machine, EnergyTable table, Mode mode, int batch, long seed,
                                  ModelRunner.Result r) {
        RunReport report = new RunReport(graph.name(), machine, r.accounting(), table)
                .computeCyclesSummedOverLayers(r.layers().stream().mapToLong(ModelLayer::computeCycles).sum());
        ReportSection root = report.top();
        root.put("mode", mode.name().toLowerCase(Locale.ROOT));
        root.put("batch", batch);
        root.put("seed", seed);
        root.put("instructions", r.compiled().program().size());
        boolean functional = mode == Mode.FUNCTIONAL;
        ReportSection.ReportList layers = root.list("layers");
        for (ModelLayer l : r.layers()) {
            ReportSection n = layers.addObject();
            n.put("name", l.name());
            n.put("kind", l.kind());
            ReportSection.ReportList g = n.list("gemms");
            for (GemmShape s : l.gemms()) {
                g.addObject().put("m", s.m()).put("n", s.n()).put("k", s.k());
            }
            n.put("macs", l.macs());
            n.put("cycles", l.cycles());
            n.put("start_cycle", l.startCycle());
            n.put("end_cycle", l.endCycle());
            n.put("compute_cycles", l.computeCycles());
            n.put("utilization", l.utilization());
            n.put("energy_pj", l.energyPj());
            if (functional) {
                n.putFinite("sqnr_db", l.sqnrDb());
                n.putFinite("max_rel_err", l.maxRelErr());
            }
        }
        if (functional) {
            ReportSection acc = root.object("accuracy");
            acc.put("reference", "fp32");
            ReportSection.ReportList outs = acc.list("outputs");
            for (ModelRunner.Agreement a : r.agreements()) {
                outs.addObject().put("name", a.output()).put("top1_agreement", a.top1()).put("top5_agreement", a.top5());
            }
            r.layers().stream().mapToDouble(ModelLayer::sqnrDb).min().ifPresent(v -> acc.putFinite("min_layer_sqnr_db", v));
            root.put("output_sha256", r.outputSha256());
        }
        return report;
    }
}
