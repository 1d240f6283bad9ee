package io.github.fp8sim.workloads.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.api.Test;

/** Sweep specs: what is read, the points in order, and every bad spec as one line naming file, line, column and key. */
class SweepSpecsTest {

    static final Path FILE = Path.of("s.yaml");
    static final String HEAD = "workloads:\n  - {topology: t.csv}\n";

    static SweepSpec yaml(String text) {
        return SweepSpecs.parse(FILE, text, true);
    }

    static String error(String text) {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> Points.of(yaml(text)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** Each point's axis values as text, e.g. "16,16,os". */
    static List<String> points(SweepSpec s) {
        List<String> out = new ArrayList<>();
        for (Points.Point p : Points.of(s)) {
            List<String> v = new ArrayList<>();
            p.values().values().forEach(n -> v.add(n.asText()));
            out.add(p.index() + ":" + String.join(",", v));
        }
        return out;
    }

    @Test
    void readsTheSpecWithDefaults() {
        SweepSpec s = yaml(HEAD + "axes:\n  array.rows: [16, 32]\n");
        assertEquals("default", s.base());
        assertEquals(Mode.TIMING, s.mode());
        assertEquals(1, s.seed());
        assertEquals(List.of(new SweepSpec.Objective("cycles", false), new SweepSpec.Objective("energy_pj", false)), s.objectives());
        assertEquals("t.csv", s.workloads().get(0).label());
        assertEquals(32, s.baseMachine().array().rows());
    }

    @Test
    void pointsAreTheProductInSpecOrderLastAxisFastest() {
        SweepSpec s = yaml(HEAD + "axes:\n  array.rows: [16, 32]\n  array.dataflow: [os, ws, is]\n");
        assertEquals(List.of("0:16,os", "1:16,ws", "2:16,is", "3:32,os", "4:32,ws", "5:32,is"), points(s));
    }

    @Test
    void aZipGroupIsOneAxisAtItsFirstMembersPlace() {
        SweepSpec s = yaml(HEAD + "axes:\n  array.rows: [16, 64]\n  array.dataflow: [os, ws]\n  array.cols: [8, 32]\n"
                + "zip: [[array.rows, array.cols]]\n");
        // values are listed in axis order (rows, dataflow, cols); the group (rows, cols) varies slowest
        assertEquals(List.of("0:16,os,8", "1:16,ws,8", "2:64,os,32", "3:64,ws,32"), points(s));
    }

    @Test
    void whereFiltersOverAnyKeyPathAndPointsAreNumberedAfterFiltering() {
        // default: scratchpad 524288 bytes; keep rows with 2048 * rows <= 524288, i.e. rows <= 256
        SweepSpec s = yaml(HEAD + "axes:\n  array.rows: [128, 256, 512]\n  array.dataflow: [os, ws]\n"
                + "where: [\"scratchpad.bytes >= 2048 * array.rows\", \"array.dataflow != 'os' \"]\n");
        assertEquals(List.of("0:128,ws", "1:256,ws"), points(s));
    }

    @Test
    void noAxesIsOnePointTheBase() {
        assertEquals(List.of("0:"), points(yaml(HEAD)));
    }

    @Test
    void objectivesMayBeMaximised() {
        SweepSpec s = yaml(HEAD + "objectives: [cycles, -tops_per_watt]\n");
        assertEquals(List.of(new SweepSpec.Objective("cycles", false), new SweepSpec.Objective("tops_per_watt", true)), s.objectives());
    }

    @Test
    void badSpecsAreOneLineNamingFileLineColumnAndKey() {
        assertEquals("s.yaml:4:3: axes.array.rowz: unknown key path", cut(error(HEAD + "axes:\n  array.rowz: [16]\n")));
        assertEquals("s.yaml:4:3: axes.array.rows: empty axis; give at least one value", error(HEAD + "axes:\n  array.rows: []\n"));
        assertEquals("s.yaml:4:20: axes.array.rows[1]: expected an integer, got a string \"big\"",
                error(HEAD + "axes:\n  array.rows: [16, \"big\"]\n"));
        assertEquals("s.yaml:4:20: axes.array.dataflow[0]: expected a string, got a number 3",
                error(HEAD + "axes:\n  array.dataflow: [3]\n"));
        assertEquals("s.yaml:6:20: zip[0][1]: axis array.cols has 1 values but array.rows has 2; zipped axes need the same number of values",
                error(HEAD + "axes:\n  array.rows: [16, 32]\n  array.cols: [16]\nzip: [[array.rows, array.cols]]\n"));
        assertEquals("s.yaml:5:9: where[0]: 'array.rowz > 1': unknown name 'array.rowz' (expected a machine key path, e.g. array.rows)",
                error(HEAD + "axes:\n  array.rows: [16]\nwhere: [\"array.rowz > 1\"]\n"));
        assertEquals("s.yaml:5:1: where: the filters keep none of the 2 points",
                error(HEAD + "axes:\n  array.rows: [16, 32]\nwhere: [\"array.rows > 100\"]\n"));
        assertEquals("s.yaml:3:22: objectives[1]: unknown objective 'speed'",
                cut(error(HEAD + "objectives: [cycles, speed]\n")));
        assertEquals("s.yaml:3:1: colour: unknown key", cut(error(HEAD + "colour: red\n")));
        assertEquals("s.yaml:2:5: workloads[0]: give exactly one of model and topology", error("workloads:\n  - {batch: 2}\n"));
        assertEquals("s.yaml:2:6: workloads[0].model: unknown model 'resnet9'", cut(error("workloads:\n  - {model: resnet9}\n")));
        assertTrue(error("axes: {array.rows: [16]}\n").startsWith("s.yaml:1:1: workloads: missing"));
        assertTrue(error(HEAD + "axes: [1, 2\n").startsWith("s.yaml:"), error(HEAD + "axes: [1, 2\n"));
        assertTrue(error(HEAD + "axes: [1, 2\n").contains("malformed YAML"));
    }

    @Test
    void jsonSpecsToo() {
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepSpecs.parse(Path.of("s.json"),
                "{\"workloads\": [{\"topology\": \"t.csv\"}],\n \"axes\": {\"array.rows\": [true]}}", false));
        assertEquals("s.json:2:26: axes.array.rows[0]: expected an integer, got a boolean true", e.getMessage());
        assertEquals(Map.of("array.rows", 8L), Map.of("array.rows", SweepSpecs.parse(Path.of("s.json"),
                "{\"workloads\": [{\"topology\": \"t.csv\"}], \"axes\": {\"array.rows\": [8]}}", false).axes().get(0).values().get(0).asLong()));
    }

    /** The message up to its parenthesised list of what was expected. */
    private static String cut(String message) {
        int i = message.indexOf(" (");
        return i < 0 ? message : message.substring(0, i);
    }
}
