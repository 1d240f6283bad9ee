package io.github.fp8sim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.AtomicOutput;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.run.ModelLayer;
import io.github.fp8sim.workloads.run.ModelRunner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The figures of a model run: the summary table on stdout, the JSON report, the per-layer CSV. */
final class ModelReport {

    private ModelReport() {
    }

    static void print(PrintWriter out, Graph graph, MachineConfig machine, EnergyTable table, Mode mode, int batch,
                      ModelRunner.Result r) {
        boolean functional = mode == Mode.FUNCTIONAL;
        out.printf(Locale.ROOT, "%s on %s (%dx%d %s, %.2f GHz), batch %d, %s mode%n", graph.name(), machine.name(),
                machine.array().rows(), machine.array().cols(), machine.array().dataflow().cliName(), machine.clockGhz(), batch,
                mode.name().toLowerCase(Locale.ROOT));
        List<String> header = new java.util.ArrayList<>(List.of("layer", "kind", "GEMM MxNxK", "MACs", "cycles",
                "compute_cycles", "util", "energy uJ"));
        if (functional) {
            header.addAll(List.of("SQNR dB", "max rel err"));
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        for (ModelLayer l : r.layers()) {
            List<Object> row = new java.util.ArrayList<>(List.of(l.name(), l.kind(), gemms(l.gemms()), group(l.macs()),
                    group(l.cycles()), group(l.computeCycles()), String.format(Locale.ROOT, "%.1f%%", 100 * l.utilization()),
                    String.format(Locale.ROOT, "%.2f", l.energyPj() * 1e-6)));
            if (functional) {
                row.add(String.format(Locale.ROOT, "%.2f", l.sqnrDb()));
                row.add(String.format(Locale.ROOT, "%.3g", l.maxRelErr()));
            }
            t.row(row.toArray());
        }
        t.print(out);
        RunReport.Totals totals = RunReport.Totals.of(machine, r.accounting(), table);
        long compute = r.layers().stream().mapToLong(ModelLayer::computeCycles).sum();
        out.println("total: " + totals.summary().replaceFirst("SCALE-Sim compute [0-9,]+",
                "SCALE-Sim compute " + group(compute) + " summed over layers"));
        if (functional) {
            ModelLayer worst = r.layers().stream().min(java.util.Comparator.comparingDouble(ModelLayer::sqnrDb)).orElseThrow();
            for (ModelRunner.Agreement a : r.agreements()) {
                out.printf(Locale.ROOT, "accuracy vs FP32 reference: %s top-1 agreement %.1f%%, top-5 %.1f%% over %d sample%s%n",
                        a.output(), 100 * a.top1(), 100 * a.top5(), batch, batch == 1 ? "" : "s");
            }
            out.printf(Locale.ROOT, "lowest layer SQNR vs FP32 reference: %.2f dB (%s)%n", worst.sqnrDb(), worst.name());
            out.println("output_sha256: " + r.outputSha256());
        }
        out.flush();
    }

    static RunReport json(Graph graph, MachineConfig machine, EnergyTable table, Mode mode, int batch, long seed,
                          ModelRunner.Result r) {
        return io.github.fp8sim.workloads.run.RunReports.model(graph, machine, table, mode, batch, seed, r);
    }

    /** The per-layer table as CSV. */
    static AtomicOutput.Content csv(ModelRunner.Result r) {
        return w -> {
            CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            // this header is the format version (ARCHITECTURE.md section 5): model-layers v1
            p.printRecord(List.of("layer", "kind", "gemms", "macs", "cycles", "compute_cycles", "utilization", "energy_pj",
                    "sqnr_db", "max_rel_err"));
            for (ModelLayer l : r.layers()) {
                p.printRecord(l.name(), l.kind(), gemms(l.gemms()), l.macs(), l.cycles(), l.computeCycles(), l.utilization(),
                        l.energyPj(), Double.isNaN(l.sqnrDb()) ? "" : l.sqnrDb(), Double.isNaN(l.maxRelErr()) ? "" : l.maxRelErr());
            }
            p.flush();
        };
    }

    private static String gemms(List<GemmShape> gemms) {
        if (gemms.isEmpty()) {
            return "-";
        }
        GemmShape first = gemms.get(0);
        String one = first.m() + "x" + first.n() + "x" + first.k();
        return gemms.size() == 1 ? one : gemms.size() + " x " + one;
    }

    private static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
