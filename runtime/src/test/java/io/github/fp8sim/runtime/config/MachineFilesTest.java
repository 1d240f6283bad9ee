package io.github.fp8sim.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Machine files: presets, JSON and YAML, overrides on a base, and errors that name the key. */
class MachineFilesTest {

    @TempDir
    Path dir;

    static Iterable<String> presets() {
        return Presets.names();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetSurvivesAJsonRoundTrip(String name) {
        MachineConfig preset = Presets.get(name);
        assertEquals(preset, MachineFiles.parse(MachineFiles.toJson(preset), false));
    }

    @Test
    void theEdgePresetHasGemminisSizes() {
        MachineConfig edge = Presets.get("edge16");
        assertEquals(16, edge.array().rows());
        assertEquals(16, edge.array().cols());
        assertEquals(256 * 1024, edge.scratchpad().bytes(), "Gemmini default scratchpad: 256 KiB");
        assertEquals(64 * 1024, edge.accumulator().bytes(), "Gemmini default accumulator: 64 KiB");
        assertEquals(16, edge.srLanes(), "one SR lane per array column");
        assertEquals(128, Presets.get("datacenter128").array().cols());
    }

    @Test
    void aYamlFileOverridesItsBase() throws IOException {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, """
                base: edge16
                name: edge-e4m3
                array:
                  dataflow: os
                numerics:
                  a_format: e4m3
                """);
        MachineConfig m = MachineFiles.read(f);
        assertEquals("edge-e4m3", m.name());
        assertEquals(ArrayDataflow.OS, m.array().dataflow());
        assertEquals(16, m.array().rows(), "kept from the base");
        assertEquals(FloatFormat.E4M3, m.numerics().aFormat());
        assertEquals(FloatFormat.E5M2, m.numerics().bFormat(), "kept from the base");
    }

    @Test
    void accumulationIsOptionalFp32AndFusedRoundTrips() throws IOException {
        assertEquals(Accumulation.FP32, Presets.get("edge16").numerics().accumulation());
        assertEquals(new Accumulation(FloatFormat.FP32, 0), Presets.get("edge16").numerics().macAccumulation());
        assertFalse(MachineFiles.toJson(Presets.get("edge16")).contains("\"accumulation\""),
                "fp32, the default, is not printed: fp32 machines print as before");
        for (String mode : new String[] {"fused:14", "fused:14:128", "fused:exact", "fp32"}) {
            Path f = dir.resolve("m.yaml");
            Files.writeString(f, "base: edge16\nnumerics:\n  accumulation: " + mode + "\n");
            MachineConfig m = MachineFiles.read(f);
            assertEquals(mode, m.numerics().accumulation().modeName());
            assertEquals(m, MachineFiles.parse(MachineFiles.toJson(m), false), mode);
            assertEquals(mode.equals("fp32") ? "fp32" : mode, m.numerics().macAccumulation().modeName());
        }
        // A full file without the key (no base) reads as fp32.
        MachineConfig full = MachineFiles.parse(MachineFiles.toJson(Presets.get("edge16")), false);
        assertEquals(Accumulation.FP32, full.numerics().accumulation());
    }

    @Test
    void badAccumulationIsOneLineNamingTheKey() throws IOException {
        for (String bad : new String[] {"fused", "fused:-2", "fused:x", "fused:4:0", "fp16", "fused:1:2:3"}) {
            String m = error("{\"base\": \"edge16\", \"numerics\": {\"accumulation\": \"" + bad + "\"}}");
            assertTrue(m.contains("numerics.accumulation: "), m);
            assertFalse(m.contains("\n"), m);
        }
        String m = error("{\"base\": \"edge16\", \"numerics\": {\"accumulation\": \"fused:14\", \"chunk\": 4}}");
        assertTrue(m.contains("numerics.accumulation: fused:14 needs numerics.accumulator fp32 and numerics.chunk 0"), m);
        m = error("{\"base\": \"edge16\", \"numerics\": {\"accumulation\": 14}}");
        assertTrue(m.contains("numerics.accumulation: expected a string"), m);
    }

    private String error(String json) throws IOException {
        Path f = dir.resolve("m.json");
        Files.writeString(f, json);
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineFiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ":"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void unknownKeysAreNamedWithTheirPath() throws IOException {
        String m = error("{\"base\": \"edge16\", \"array\": {\"rowz\": 4}}");
        assertTrue(m.contains("array.rowz: unknown key"), m);
        m = error("{\"base\": \"edge16\", \"turbo\": true}");
        assertTrue(m.contains("turbo: unknown key"), m);
    }

    @Test
    void impossibleValuesAreNamed() throws IOException {
        assertTrue(error("{\"base\": \"edge16\", \"array\": {\"rows\": 0}}").contains("array.rows: must be 1..4096, got 0"));
        String small = error("{\"base\": \"edge16\", \"scratchpad\": {\"bytes\": 128}}");
        assertTrue(small.contains("scratchpad.bytes: 128 is smaller than one 16x16 FP8 tile (256 bytes)"), small);
        assertTrue(error("{\"base\": \"edge16\", \"accumulator\": {\"bytes\": 1000}}").contains("accumulator.bytes"));
        assertTrue(error("{\"base\": \"edge16\", \"numerics\": {\"a_format\": \"fp16\"}}").contains("numerics.a_format: must be an 8-bit format"));
        assertTrue(error("{\"base\": \"edge16\", \"numerics\": {\"b_format\": \"e9m9\"}}").contains("numerics.b_format: format 'e9m9'"));
        assertTrue(error("{\"base\": \"edge16\", \"array\": {\"dataflow\": \"rs\"}}").contains("array.dataflow"));
        assertTrue(error("{\"base\": \"edge16\", \"sr\": {\"lfsr_taps\": [32, 40]}}").contains("sr.lfsr_taps"));
        assertTrue(error("{\"base\": \"edge16\", \"dram\": {\"bytes_per_cycle\": 0}}").contains("dram.bytes_per_cycle"));
        assertTrue(error("{\"base\": \"edge16\", \"clock_ghz\": \"fast\"}").contains("clock_ghz: expected a number"));
        assertTrue(error("{\"base\": \"nope\"}").contains("base: unknown preset 'nope'"));
        assertTrue(error("{\"name\": \"x\"}").contains("clock_ghz: missing"), "without a base every key is required");
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() throws IOException {
        String m = error("{\"base\": \"edge16\",\n  \"array\": {\"rows\": 4,,}}");
        assertTrue(m.matches(".*m\\.json:2:\\d+: malformed JSON.*"), m);
    }

    private String yamlError(String yaml) throws IOException {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, yaml);
        return assertThrows(MachineConfigException.class, () -> MachineFiles.read(f)).getMessage();
    }

    @Test
    void malformedYamlIsOneLineWithLineAndColumn() throws IOException {
        Path f = dir.resolve("m.yaml");
        assertEquals(f + ":4:8: malformed YAML: mapping values are not allowed here",
                yamlError("name: x\narray:\n  rows: 16\n   cols: [\n"));
        assertEquals(f + ":3:1: malformed YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)",
                yamlError("base: edge16\nname: [1, 2\n"));
        assertEquals(f + ":2:5: malformed YAML: duplicate key 'name' (each key may appear once)",
                yamlError("name: x\nname: y\n"));
    }

    @Test
    void malformedJsonIsOneLineWithoutParserInternals() throws IOException {
        Path f = dir.resolve("m.json");
        assertEquals(f + ":1:29: malformed JSON: Unexpected end-of-input: expected close marker for Object "
                + "(start marker at line 1, column 1)", error("{\"base\": \"edge16\", \"name\": 1"));
        assertEquals(f + ":2:8: malformed JSON: duplicate key 'name' (each key may appear once)",
                error("{\"base\": \"edge16\", \"name\": \"a\",\n \"name\": \"b\"}"));
        assertEquals(f + ":1:20: malformed JSON: more after the machine's object; expected the end of the file",
                error("{\"base\": \"edge16\"} {\"name\": \"b\"}"));
        assertEquals(f + ": empty document; expected an object of machine settings", error(""));
        String nested = error("{\"base\": \"edge16\", \"sr\": {\"bits\": 8, \"bits\": 9}}");
        assertTrue(nested.contains("duplicate key 'bits'"), nested);
    }

    @Test
    void baseNamesAPresetNotAFile() throws IOException {
        assertEquals(dir.resolve("m.json") + ": base: unknown preset 'edge16.json' (expected one of default, edge16, "
                + "datacenter128; base names a preset, not a file)", error("{\"base\": \"edge16.json\"}"));
    }

    @Test
    void anEnergyTableThatDoesNotExistIsNamedWithItsKey() throws IOException {
        assertEquals(dir.resolve("m.json") + ": energy_table: no such file 'no-such-table.csv' (expected 'default' or the "
                + "path of a CSV energy table, relative to the current folder)",
                error("{\"base\": \"edge16\", \"energy_table\": \"no-such-table.csv\"}"));
    }

    @Test
    void aFileThatIsNotUtf8NamesItsLine() throws IOException {
        Path f = dir.resolve("m.yaml");
        Files.write(f, "base: edge16\nname: m\u00E4chine\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String m = assertThrows(MachineConfigException.class, () -> MachineFiles.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": line 2: not UTF-8 text (byte 0xE4"), m);
    }

    @Test
    void presetsAreFoundByName() {
        assertEquals(Presets.defaultMachine(), MachineFiles.load("default"));
        MachineConfigException e = assertThrows(MachineConfigException.class, () -> MachineFiles.load("tpu9"));
        assertTrue(e.getMessage().contains("expected one of default, edge16, datacenter128"), e.getMessage());
    }
}
