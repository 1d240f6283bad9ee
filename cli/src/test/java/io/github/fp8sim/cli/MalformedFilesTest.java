package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files of every kind end with exit 2 and one line naming the file and the line (or byte
 * offset): text that is not UTF-8, machine files that are not JSON or YAML, programs that are neither
 * binary nor assembly or that fail at run time, damaged traces.
 */
class MalformedFilesTest {

    @TempDir
    Path dir;

    private Path latin1(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.ISO_8859_1));
        return p;
    }

    private Path utf8(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void assertBadInput(CliRun run, String expectedLine) {
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.errLine().matches(expectedLine), run.err() + " does not match " + expectedLine);
    }

    private static String notUtf8(Path file, int line) {
        return "fp8sim [a-z]+( [a-z]+)?: " + Pattern.quote(file + ": line " + line + ": not UTF-8 text (byte 0x") + "[0-9A-F]{2} at column \\d+\\)"
                + Pattern.quote("; expected a UTF-8 text file (save it as UTF-8)");
    }

    @Test
    void textFilesThatAreNotUtf8NameTheirLine() throws IOException {
        Path values = latin1("values.csv", "name,f32_hex\ncaf\u00E9,0x3F800000\n");
        assertBadInput(CliRun.of("quantize", "--format", "e5m2", "--input", values.toString()), notUtf8(values, 2));

        Path a = latin1("a.csv", "c0\n1\n\u00B5\n");
        assertBadInput(CliRun.of("gemm", "--format", "e5m2", "--a", a.toString(), "--b", a.toString()), notUtf8(a, 3));

        Path topology = latin1("topo.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                + "Num Filter, Strides,\nCouche_\u00E9,8,8,1,1,3,64,1,\n");
        assertBadInput(CliRun.of("run", "--topology", topology.toString()), notUtf8(topology, 2));

        Path machine = latin1("m.yaml", "base: edge16\nname: m\u00E4chine\n");
        assertBadInput(CliRun.of("machine", machine.toString()), notUtf8(machine, 2));

        Path table = latin1("energy.csv", "action,energy_pj,per,source\nmac,1,op,M\u00FCller\n");
        Path prog = utf8("p.s", "halt\n");
        assertBadInput(CliRun.of("exec", "--energy-table", table.toString(), prog.toString()), notUtf8(table, 2));

        Path vectors = latin1("v.csv", "# \u00A9 2024\n");
        assertBadInput(CliRun.of("vectors", "check", "--actual", vectors.toString(), vectors.toString()), notUtf8(vectors, 1));

        Path digits = Files.createDirectory(dir.resolve("optdigits"));
        Path train = latin1("optdigits/optdigits.tra", "0,\u00FF\n");
        assertBadInput(CliRun.of("train", "--dataset", "optdigits:" + digits, "--epochs", "1"), notUtf8(train, 1));
    }

    @Test
    void malformedMachineFilesAreOneLineWithLineAndColumn() throws IOException {
        Path yaml = utf8("m.yaml", "name: x\narray:\n  rows: 16\n   cols: [\n");
        assertBadInput(CliRun.of("machine", yaml.toString()),
                Pattern.quote("fp8sim machine: " + yaml + ":4:8: malformed YAML: mapping values are not allowed here"));
        Path json = utf8("m.json", "{\"base\": \"edge16\", \"name\": 1");
        assertBadInput(CliRun.of("machine", json.toString()), Pattern.quote("fp8sim machine: " + json
                + ":1:29: malformed JSON: Unexpected end-of-input: expected close marker for Object (start marker at line 1, column 1)"));
        Path duplicate = utf8("dup.json", "{\"base\": \"edge16\", \"name\": \"a\", \"name\": \"b\"}");
        assertBadInput(CliRun.of("exec", "--machine", duplicate.toString(), utf8("p.s", "halt\n").toString()),
                Pattern.quote("fp8sim exec: " + duplicate + ":1:39: malformed JSON: duplicate key 'name' (each key may appear once)"));
    }

    @Test
    void aMachineFileNamesItsBaseAndEnergyTableKeys() throws IOException {
        Path base = utf8("base.json", "{\"base\": \"edge16.json\"}");
        assertBadInput(CliRun.of("machine", base.toString()), Pattern.quote("fp8sim machine: " + base
                + ": base: unknown preset 'edge16.json' (expected one of default, edge16, datacenter128; base names a preset, not a file)"));
        Path table = utf8("table.json", "{\"base\": \"edge16\", \"energy_table\": \"no-such-table.csv\"}");
        assertBadInput(CliRun.of("exec", "--machine", table.toString(), utf8("p.s", "halt\n").toString()),
                Pattern.quote("fp8sim exec: " + table + ": energy_table: no such file 'no-such-table.csv' (expected 'default' "
                        + "or the path of a CSV energy table, relative to the current folder)"));
    }

    @Test
    void binaryGarbageIsNeitherAProgramNorAssembly() throws IOException {
        Path garbage = dir.resolve("garbage.bin");
        byte[] bytes = new byte[400];
        new java.util.Random(8).nextBytes(bytes);
        bytes[0] = 'k';
        bytes[1] = 0x1B;
        Files.write(garbage, bytes);
        assertBadInput(CliRun.of("exec", garbage.toString()), Pattern.quote("fp8sim exec: " + garbage + ": neither an FP8SIMPG "
                + "program (it does not start with \"FP8SIMPG\") nor assembly text (byte 0x1B at byte offset 0x1 is a control character)"));
    }

    @Test
    void assemblyWithAByteOrderMarkRuns() throws IOException {
        Path bom = dir.resolve("bom.s");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'a', 'l', 't', '\n'});
        CliRun run = CliRun.of("exec", bom.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
    }

    @Test
    void runTimeErrorsNameTheSourceLineOrTheByteOffset() throws IOException {
        Path prog = utf8("oob.s", "# a load past the scratchpad\ndma.load dst=spad:0x7fff00 dram=0x0 rows=16 bytes=64\nhalt\n");
        assertBadInput(CliRun.of("exec", prog.toString()), Pattern.quote("fp8sim exec: " + prog + ":2: instruction 0 (dma.load ")
                + ".*is outside \\[0, 0x80000\\)");
        Path noHalt = utf8("nohalt.s", "fence\n");
        Path binary = dir.resolve("nohalt.bin");
        assertEquals(ExitCode.OK, CliRun.of("asm", noHalt.toString(), "-o", binary.toString()).exitCode());
        assertBadInput(CliRun.of("exec", binary.toString()), Pattern.quote("fp8sim exec: " + binary + ": byte offset 0x10: the program "
                + "ends without a halt (1 instruction, the last is fence dma mac vector); expected halt as the last instruction"));
    }

    @Test
    void damagedTracesExitTwoNotOne() throws IOException {
        Path prog = utf8("p.s", "config sr_seed=1\nfence\nfence dma\nhalt\n");
        Path trace = dir.resolve("t.csv");
        assertEquals(ExitCode.OK, CliRun.of("trace", "record", "--trace", trace.toString(), prog.toString()).exitCode());
        java.util.List<String> lines = Files.readAllLines(trace);
        int table = lines.indexOf(String.join(",", "seq", "pc", "encoding", "asm", "unit", "start_cycle", "end_cycle",
                "bytes_moved", "writes"));
        Path cut = utf8("cut.csv", String.join("\n", lines.subList(0, table + 3)) + "\n");
        assertBadInput(CliRun.of("trace", "replay", cut.toString()), Pattern.quote("fp8sim trace replay: " + cut + ": line " + (table + 4)
                + ": the trace ends after 2 rows, but its program halts at instruction 3 (4 rows expected); the file is cut short"));
        java.util.List<String> warp = new java.util.ArrayList<>(lines);
        warp.set(table + 2, warp.get(table + 2).replace(",none,", ",warp,"));
        Path unit = utf8("warp.csv", String.join("\n", warp) + "\n");
        assertBadInput(CliRun.of("trace", "replay", unit.toString()), Pattern.quote("fp8sim trace replay: " + unit + ": line " + (table + 3)
                + ", column unit: expected one of dma_in, mac, vector, dma_out, none, got 'warp'"));
    }

    @Test
    void anExtraTopologyColumnIsNamed() throws IOException {
        Path topology = utf8("extra.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
                + "Strides, Dilation\nConv1,8,8,3,3,3,64,1,2\n");
        assertBadInput(CliRun.of("run", "--topology", topology.toString()), Pattern.quote("fp8sim run: " + topology
                + ": line 1, column #9: unexpected column 'Dilation' after 'Strides' (fp8sim reads only SCALE-Sim's columns; "
                + "put notes after an empty column)"));
    }
}
