package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.run.LayerResult;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.RunReports;
import io.github.fp8sim.workloads.weights.Weights;
import io.github.fp8sim.workloads.run.TopologyRunner;
import io.github.fp8sim.workloads.topology.Topology;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim run}: a workload on a machine, with cycles, energy and per-layer figures. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a model or a SCALE-Sim topology on the modelled machine: compiled to ISA instructions (tiled, "
                + "double-buffered), executed, and reported per layer and in total; in functional mode a model's every "
                + "layer is also compared with the FP32 reference.")
public final class RunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    MachineOptions machineOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Workload workload;

    /** What to run: a model by name or a SCALE-Sim topology. */
    static final class Workload {
        @Option(names = "--model", paramLabel = "NAME",
                description = "A model by name: resnet18, resnet34, resnet50, resnet8, gnmt, gnmt-tiny, transformer, transformer-tiny.")
        String model;

        @Option(names = "--topology", paramLabel = "FILE.csv",
                description = "A SCALE-Sim topology CSV (layer name, IFMAP height/width, filter height/width, channels, filters, strides).")
        Path topology;
    }

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--threads", paramLabel = "T",
            description = "Host threads for the MAC array's rows (default: the available processors); results are the same bits for any T.")
    Integer threads;

    @Option(names = "--inputs", paramLabel = "X.bin",
            description = "Inputs for --model: an FP8SIMW1 file with one tensor per graph input, named and shaped as the graph's; default: seeded synthetic ones.")
    Path inputs;

    @Option(names = "--mode", defaultValue = Defaults.WORKLOAD_MODE, paramLabel = "timing|functional",
            description = "timing counts cycles and energy only; functional also computes every value (on seeded "
                    + "synthetic inputs unless --inputs) and reports output_sha256 and accuracy (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S", description = "Seed of the synthetic inputs and of the seeded weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the JSON report here.")
    Path report;

    @Option(names = "--layers", paramLabel = "L.csv", description = "Write the per-layer table as CSV here.")
    Path layersCsv;

    @Override
    public void run() {
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (modelOptions.batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + modelOptions.batch);
        }
        if (workload.model == null && (modelOptions.weights != null || inputs != null)) {
            throw new ParameterException(spec.commandLine(), "--weights and --inputs go with --model, not --topology");
        }
        try (Outputs files = machineOptions.inputs(new Outputs()).input("--topology", workload.topology)
                .input("--weights", modelOptions.weights).input("--inputs", inputs).output("--report", report)
                .output("--layers", layersCsv)) {
            if (workload.model != null) {
                runModel(files);
            } else {
                runTopology(files);
            }
            files.commit();
        }
    }

    private int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    private void runModel(Outputs files) {
        Graph graph = modelOptions.graph(spec.commandLine(), workload.model);
        MachineConfig machine = machineOptions.resolve();
        EnergyTable table = machineOptions.energyTable(machine);
        Weights w = modelOptions.weights(graph, seed);
        Map<String, FloatTensor> given = inputs == null ? null : io.github.fp8sim.workloads.run.ModelInputs.read(graph, inputs);
        ModelRunner.Result result = ModelRunner.run(graph, w, machine, table, new ModelRunner.Options(mode, seed, threadCount(),
                given, true, false, CliProgress.on(spec.commandLine().getErr(), graph.name())));
        ModelReport.print(spec.commandLine().getOut(), graph, machine, table, mode, modelOptions.batch, result);
        if (report != null) {
            files.write(report, ModelReport.json(graph, machine, table, mode, modelOptions.batch, seed, result)::writeTo);
        }
        if (layersCsv != null) {
            files.write(layersCsv, ModelReport.csv(result));
        }
    }

    private void runTopology(Outputs files) {
        Mode m = mode;
        MachineConfig machine = machineOptions.resolve();
        EnergyTable table = machineOptions.energyTable(machine);
        Topology topo = Topology.read(workload.topology);
        TopologyRunner.Result result = TopologyRunner.run(topo, machine, table, m, seed, threadCount(),
                CliProgress.on(spec.commandLine().getErr(), topo.name()));
        RunReport.Totals totals = RunReport.Totals.of(machine, result.accounting(), table);

        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s (%dx%d %s, %.2f GHz), %s mode%n", topo.name(), machine.name(), machine.array().rows(),
                machine.array().cols(), machine.array().dataflow().cliName(), machine.clockGhz(), m.name().toLowerCase(Locale.ROOT));
        TextTable t = new TextTable("layer", "M", "N", "K", "MACs", "cycles", "compute_cycles", "util", "energy uJ");
        for (LayerResult l : result.layers()) {
            t.row(l.name(), l.m(), l.n(), l.k(), String.format(Locale.ROOT, "%,d", l.macs()), String.format(Locale.ROOT, "%,d", l.cycles()),
                    String.format(Locale.ROOT, "%,d", l.computeCycles()), String.format(Locale.ROOT, "%.1f%%", 100 * l.utilization()),
                    String.format(Locale.ROOT, "%.2f", l.energyPj() * 1e-6));
        }
        t.print(out);
        long layerCompute = result.layers().stream().mapToLong(LayerResult::computeCycles).sum();
        out.println("total: " + totals.summary().replaceFirst("SCALE-Sim compute [0-9,]+",
                "SCALE-Sim compute " + String.format(Locale.ROOT, "%,d", layerCompute) + " summed over layers"));
        if (result.outputSha256() != null) {
            out.println("output_sha256: " + result.outputSha256());
        }
        out.flush();

        if (report != null) {
            files.write(report, RunReports.topology(topo, machine, table, m, result)::writeTo);
        }
        if (layersCsv != null) {
            files.write(layersCsv, w -> {
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
                // the file name's v1 and this header are the format version (ARCHITECTURE.md section 5)
                p.printRecord(List.of("layer", "m", "n", "k", "macs", "cycles", "compute_cycles", "utilization", "energy_pj"));
                for (LayerResult l : result.layers()) {
                    p.printRecord(l.name(), l.m(), l.n(), l.k(), l.macs(), l.cycles(), l.computeCycles(), l.utilization(), l.energyPj());
                }
                p.flush();
            });
        }
    }
}
