package io.github.fp8sim.runtime.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyAction;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.io.AtomicOutput;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.runtime.timing.Unit;

/**
 * The JSON report of a run (ARCHITECTURE.md section 5), the one writer of it: {@code format_version}
 * and {@code model}, then for a run on the machine {@code config} (the machine, in the machine-file
 * schema), {@code totals} and {@code models} (which model each figure comes from). Callers add
 * {@code layers}, {@code accuracy}, {@code output_sha256} and their own sections (a training run's
 * {@code config}, curve and costs) through {@link ReportSection}, in the order the contract gives.
 */
public final class RunReport {

    /** The report format version, bumped on any change of meaning. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();
    private final ReportSection top = new ReportSection(root);

    /** A report of {@code model} with only its header, {@code format_version} and {@code model}; the caller adds the rest. */
    public RunReport(String model) {
        root.put("format_version", FORMAT_VERSION);
        root.put("model", model);
    }

    /** A report of {@code model} run on {@code machine}, totals from {@code accounting} priced by {@code table}. */
    public RunReport(String model, MachineConfig machine, Accounting accounting, EnergyTable table) {
        this(model);
        root.set("config", io.github.fp8sim.runtime.config.MachineFiles.toTree(machine));
        Totals t = Totals.of(machine, accounting, table);
        ObjectNode totals = root.putObject("totals");
        totals.put("macs", t.macs());
        totals.put("cycles", t.cycles());
        totals.put("compute_cycles", t.computeCycles());
        totals.put("seconds", t.seconds());
        totals.put("tops", t.tops());
        totals.put("utilization", t.utilization());
        totals.put("energy_pj", t.energyPj());
        ObjectNode breakdown = totals.putObject("energy_breakdown_pj");
        ActionCounts actions = accounting.actions();
        for (EnergyAction a : EnergyAction.values()) {
            breakdown.put(a.key(), actions.picojoules(a, table));
        }
        ObjectNode counts = totals.putObject("action_counts");
        for (EnergyAction a : EnergyAction.values()) {
            counts.put(a.key(), actions.get(a));
        }
        totals.put("tops_per_watt", t.topsPerWatt());
        ObjectNode models = root.putObject("models");
        models.put("cycles", "fp8sim machine model: per-unit timelines (DMA in, MAC array, vector unit, DMA out), "
                + "dependencies through memory, folds pipelined back to back, DMA latency + bytes / bandwidth");
        models.put("compute_cycles", "SCALE-Sim fold model, summed over GEMMs: os ceil(M/R)ceil(N/C)(K+R+C-2)-1, "
                + "ws ceil(K/R)ceil(N/C)(M+2R+C-2)-1, is ws with M and N exchanged");
        models.put("energy_pj", "sum over actions of count x energy per action from " + table.name());
        ObjectNode busy = totals.putObject("unit_busy_cycles");
        for (Unit u : Unit.values()) {
            if (u != Unit.NONE) {
                busy.put(u.key(), accounting.busyCycles(u));
            }
        }
    }

    /** The report's top-level object, for the caller's fields and sections. */
    public ReportSection top() {
        return top;
    }

    /**
     * Sets {@code totals.compute_cycles} to the layers' SCALE-Sim compute cycles summed, for a workload
     * whose layers the fold model takes one by one, in place of the whole program's.
     */
    public RunReport computeCyclesSummedOverLayers(long cycles) {
        top.object("totals").put("compute_cycles", cycles);
        return this;
    }

    /** A copy of the report as a JSON tree (what {@link #toJson} writes), for callers that take figures from it. */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the report whole or not at all. */
    public void write(Path file) {
        AtomicOutput.write(file, this::writeTo);
    }

    /** Writes the report's JSON to {@code w}, e.g. one of a command's {@link io.github.fp8sim.runtime.io.Outputs}. */
    public void writeTo(Writer w) throws IOException {
        w.write(toJson());
    }

    /** The headline figures, derived once. */
    public record Totals(long macs, long cycles, long computeCycles, double seconds, double tops, double utilization,
                         double energyPj, double topsPerWatt) {

        public static Totals of(MachineConfig machine, Accounting a, EnergyTable table) {
            long cycles = a.cycles();
            double seconds = cycles / (machine.clockGhz() * 1e9);
            double ops = 2.0 * a.macs();                       // a MAC is two operations, as TOPS are usually counted
            double tops = seconds == 0 ? 0 : ops / seconds / 1e12;
            double energy = a.energyPicojoules(table);
            double watts = seconds == 0 ? 0 : energy * 1e-12 / seconds;
            return new Totals(a.macs(), cycles, a.scaleSimComputeCycles(), seconds, tops, a.utilization(), energy,
                    watts == 0 ? 0 : tops / watts);
        }

        /** One line for people: cycles, time, TOPS, utilization, energy. */
        public String summary() {
            return String.format(Locale.ROOT, "%,d MACs in %,d cycles (SCALE-Sim compute %,d) = %.3f us, %.3f TOPS, "
                    + "utilization %.1f%%, %.3f uJ, %.2f TOPS/W", macs, cycles, computeCycles, seconds * 1e6, tops,
                    100 * utilization, energyPj * 1e-6, topsPerWatt);
        }
    }
}
