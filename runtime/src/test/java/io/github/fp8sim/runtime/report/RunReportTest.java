package io.github.fp8sim.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.CountedRun;
import org.junit.jupiter.api.Test;

/** The one writer of ARCHITECTURE.md section 5's report: its fields, their order, and what callers add. */
class RunReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMachineRunsReportHasTheSectionFiveFieldsInOrder() throws Exception {
        MachineConfig m = Presets.defaultMachine();
        EnergyTable table = EnergyTable.defaults();
        Gemm gemm = new Gemm(0, 0, 4096, 32, 16, 64, 64, 16, 16, Formats.isaDataflow(m.array().dataflow()), NumFormat.E5M2,
                NumFormat.E5M2, false, false, 0);
        Accounting a = CountedRun.timing(m, new Program(List.of(gemm, new Halt())));

        RunReport report = new RunReport("one-gemm", m, a, table);
        report.top().list("layers").addObject().put("name", "gemm").put("macs", 32L * 16 * 64);
        report.top().object("accuracy").put("reference", "fp32");
        report.top().put("output_sha256", "00");
        String text = report.toJson();
        assertTrue(text.endsWith("}\n"), "one JSON document and a newline");
        JsonNode j = JSON.readTree(text);

        assertEquals(List.of("format_version", "model", "config", "totals", "models", "layers", "accuracy", "output_sha256"), fields(j));
        assertEquals(RunReport.FORMAT_VERSION, j.get("format_version").asInt());
        assertEquals("one-gemm", j.get("model").asText());
        JsonNode totals = j.get("totals");
        for (String f : List.of("macs", "cycles", "seconds", "tops", "utilization", "energy_pj", "energy_breakdown_pj", "tops_per_watt")) {
            assertTrue(totals.has(f), f + " in " + fields(totals));
        }
        assertEquals(32L * 16 * 64, totals.get("macs").asLong(), "M x N x K");
        long cycles = totals.get("cycles").asLong();
        assertEquals(a.cycles(), cycles, "the run's cycles");
        assertEquals(cycles / (m.clockGhz() * 1e9), totals.get("seconds").asDouble(), 1e-18);
        assertEquals(2.0 * 32 * 16 * 64 / (cycles / (m.clockGhz() * 1e9)) / 1e12, totals.get("tops").asDouble(), 1e-9);
        double parts = 0;
        for (JsonNode v : totals.get("energy_breakdown_pj")) {
            parts += v.asDouble();
        }
        assertEquals(totals.get("energy_pj").asDouble(), parts, 1e-6 * parts, "the breakdown adds up to the total");
        assertEquals(m.name(), j.at("/config/name").asText(), "the machine, in the machine-file schema");
        assertEquals(List.of("name", "macs"), fields(j.get("layers").get(0)));
    }

    @Test
    void layerSummedComputeCyclesKeepTheirPlaceInTotals() throws Exception {
        MachineConfig m = Presets.defaultMachine();
        Accounting a = CountedRun.timing(m, new Program(List.of(new Halt())));
        RunReport plain = new RunReport("empty", m, a, EnergyTable.defaults());
        RunReport summed = new RunReport("empty", m, a, EnergyTable.defaults()).computeCyclesSummedOverLayers(1234);
        JsonNode p = JSON.readTree(plain.toJson()).get("totals");
        JsonNode s = JSON.readTree(summed.toJson()).get("totals");
        assertEquals(fields(p), fields(s));
        assertEquals(1234, s.get("compute_cycles").asLong());
    }

    @Test
    void aHeaderOnlyReportTakesTheCallersSectionsAsGiven() throws Exception {
        RunReport r = new RunReport("resnet8");
        r.top().put("dataset", "synthetic").object("config").put("epochs", 5);
        r.top().list("fp32_layers").add("conv1").add("fc");
        r.top().put("loss_scale", 0.1f).putFinite("sqnr_db", Double.POSITIVE_INFINITY).putFinite("max_rel_err", 0.5);
        String text = r.toJson();
        JsonNode j = JSON.readTree(text);
        assertEquals(List.of("format_version", "model", "dataset", "config", "fp32_layers", "loss_scale", "sqnr_db", "max_rel_err"),
                fields(j));
        assertEquals("[\"conv1\",\"fc\"]", j.get("fp32_layers").toString());
        assertTrue(text.contains("\"loss_scale\" : 0.1,"), "a float prints as the float: " + text);
        assertTrue(j.get("sqnr_db").isNull(), "JSON has no infinity");
        assertEquals(0.5, j.get("max_rel_err").asDouble());
    }
}
