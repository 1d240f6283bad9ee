package io.github.fp8sim.cli;

import static io.github.fp8sim.testkit.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.traces.vectors.VectorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** fp8sim vectors: quantize and sr vectors agree with the exact oracle; check's exit codes; docs/vectors.md. */
class VectorsCommandTest {

    /** Runs {@code fp8sim vectors ...} with the real handlers (exit 2 for bad input), registered or not. */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cli = Fp8sim.commandLine(o, e);
        if (!cli.getSubcommands().containsKey("vectors")) {
            // Not registered in Fp8sim yet: settings apply only to subcommands present when set.
            cli.addSubcommand(new VectorsCommand());
            Converters.register(cli);
            cli.setOut(o);
            cli.setErr(e);
            cli.setCaseInsensitiveEnumValuesAllowed(true);
        }
        List<String> all = new ArrayList<>(List.of("vectors"));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource({"quantize,e4m3,rne,saturate,mldtypes", "quantize,e4m3,rz,inf,canonical", "quantize,e5m2,rne,inf,mldtypes",
            "quantize,e5m2,rz,saturate,canonical", "quantize,e4m3fnuz,rne,inf,mldtypes", "quantize,e5m2fnuz,rne,saturate,mldtypes",
            "quantize,fp16,rne,inf,mldtypes", "quantize,bf16,rz,saturate,mldtypes", "quantize,e3m4,rne,inf,mldtypes",
            "sr,e4m3,rne,saturate,mldtypes", "sr,e5m2,rne,inf,canonical", "sr,e4m3fnuz,rne,inf,mldtypes"})
    void everyConversionRowAgreesWithTheExactOracle(String unit, String format, String rounding, String overflow,
                                                    String nan, @TempDir Path dir) throws Exception {
        Path v = dir.resolve("v.csv");
        CliRun r = run("--unit", unit, "--format", format, "--rounding", rounding, "--overflow", overflow,
                "--nan-policy", nan, "--sr-bits", unit.equals("sr") ? "5" : "8", "--count", "4000", "--seed", "3",
                "--out", v.toString());
        assertEquals(0, r.exitCode(), r.err());
        CsvTable t = CsvTable.read(v);
        assertEquals(4000, t.rows().size());
        FloatFormat f = FloatFormat.parse(format);
        int edges = 0;
        for (CsvTable.Row row : t.rows()) {
            int random = unit.equals("sr") ? hex(t.get(row, "random")) : 0;
            ExactOracle.Result o = ExactOracle.convert(f, NanPolicy.parse(nan),
                    unit.equals("sr") ? Rounding.SR : Rounding.parse(rounding), Overflow.parse(overflow),
                    unit.equals("sr") ? 5 : 8, random, hex(t.get(row, "f32_hex")));
            assertEquals(f.formatCode(o.code()), t.get(row, "code_hex"), "line " + row.line());
            assertEquals(io.github.fp8sim.datapath.round.FpFlags.describe(o.flags()), t.get(row, "flags"), "line " + row.line());
            edges += t.get(row, "kind").equals("edge") ? 1 : 0;
        }
        assertTrue(edges > 20 && edges < 4000, "edges " + edges);
    }

    @Test
    void sameCommandSameBytesOtherSeedOtherRandomRows(@TempDir Path dir) throws Exception {
        for (String unit : List.of("quantize", "sr", "mac", "dot", "tile")) {
            Path a = dir.resolve(unit + "a.csv");
            Path b = dir.resolve(unit + "b.csv");
            Path c = dir.resolve(unit + "c.csv");
            assertEquals(0, run("--unit", unit, "--format", "e5m2", "--count", "1500", "--seed", "5", "--out", a.toString()).exitCode());
            assertEquals(0, run("--unit", unit, "--format", "e5m2", "--count", "1500", "--seed", "5", "--out", b.toString()).exitCode());
            assertEquals(0, run("--unit", unit, "--format", "e5m2", "--count", "1500", "--seed", "6", "--out", c.toString()).exitCode());
            assertEquals(-1, Files.mismatch(a, b), unit);
            assertFalse(Files.readString(a).equals(Files.readString(c)), unit);
        }
    }

    @Test
    void checkPassesACleanFileReportsAFlippedBitAndRejectsAMalformedFile(@TempDir Path dir) throws Exception {
        Path v = dir.resolve("v.csv");
        assertEquals(0, run("--unit", "dot", "--format", "e4m3", "--k", "6", "--count", "200", "--seed", "2",
                "--out", v.toString()).exitCode());
        CsvTable t = CsvTable.read(v);
        StringBuilder clean = new StringBuilder("id,acc_hex,result_hex\n");
        for (CsvTable.Row row : t.rows()) {
            clean.append(t.get(row, "id")).append(',').append(t.get(row, "acc_hex")).append(',')
                    .append(t.get(row, "result_hex")).append('\n');
        }
        Path a = dir.resolve("a.csv");
        Files.writeString(a, clean);
        CliRun ok = run("check", v.toString(), "--actual", a.toString());
        assertEquals(ExitCode.OK, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("200 rows match"), ok.out());

        List<String> lines = new ArrayList<>(List.of(clean.toString().split("\n")));
        String[] f = lines.get(150).split(",");
        String expected = f[2];
        f[2] = String.format("0x%08X", hex(f[2]) ^ 0x0000_0100);
        lines.set(150, String.join(",", f));
        Files.writeString(a, String.join("\n", lines) + "\n");
        CliRun bad = run("check", v.toString(), "--actual", a.toString());
        assertEquals(ExitCode.MISMATCH, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains(a + ": line 151 (vector id 149), result_hex: expected " + expected + ", actual " + f[2]),
                bad.out());
        assertTrue(bad.out().contains("1 mismatches in 200 rows"), bad.out());

        lines.set(40, lines.get(40).replace(",0x", ",0q"));
        Files.writeString(a, String.join("\n", lines) + "\n");
        CliRun malformed = run("check", v.toString(), "--actual", a.toString());
        assertEquals(ExitCode.BAD_INPUT, malformed.exitCode(), malformed.out() + malformed.err());
        assertTrue(malformed.errLine().startsWith("fp8sim vectors check: " + a + ": line 41, column acc_hex"), malformed.err());

        Files.writeString(a, "id,result_hex\n0,\"0x0\n");
        CliRun broken = run("check", v.toString(), "--actual", a.toString());
        assertEquals(ExitCode.BAD_INPUT, broken.exitCode());
        assertTrue(broken.errLine().contains("line 2"), broken.err());
    }

    @Test
    void badOptionsExit2() {
        assertEquals(ExitCode.BAD_INPUT, run("--unit", "warp", "--format", "e4m3").exitCode());
        assertEquals(ExitCode.BAD_INPUT, run("--unit", "quantize", "--format", "e4m3", "--rounding", "sr").exitCode());
        assertEquals(ExitCode.BAD_INPUT, run("--unit", "mac", "--format", "fp16").exitCode());
        assertEquals(ExitCode.BAD_INPUT, run("--format", "e4m3").exitCode());
    }

    /**
     * Every csv example in docs/vectors.md: produced by the sh command above it (its rows are rows of that
     * command's output), and right by the model and, for conversions, by the exact oracle.
     */
    @Test
    void everyDocumentedExampleIsGeneratedAndRight() throws Exception {
        String doc = Files.readString(Path.of("docs/vectors.md"));
        Matcher m = Pattern.compile("```sh\n(fp8sim vectors --unit [^\n]*)\n```\n\n[^`]*?```csv\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int examples = 0;
        while (m.find()) {
            examples++;
            String command = m.group(1).replaceFirst(" --out \\S+", "");
            List<String> args = List.of(command.substring("fp8sim vectors ".length()).split(" "));
            CliRun r = run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), command + ": " + r.err());
            List<String> generated = List.of(r.out().split("\n"));
            String[] rows = m.group(2).split("\n");
            assertEquals(generated.get(0), rows[0], "header of " + command);
            for (String row : rows) {
                assertTrue(generated.contains(row), command + " does not produce " + row);
            }
            CsvTable t = CsvTable.parse("docs/vectors.md", new StringReader(m.group(2)));
            assertEquals(List.of(), VectorModel.verify(t), command);
            if (t.column("f32_hex") >= 0) {
                for (CsvTable.Row row : t.rows()) {
                    boolean sr = t.get(row, "rounding").equals("sr");
                    ExactOracle.Result o = ExactOracle.convert(FloatFormat.parse(t.get(row, "format")),
                            NanPolicy.parse(t.get(row, "nan_policy")), Rounding.parse(t.get(row, "rounding")),
                            Overflow.parse(t.get(row, "overflow")), sr ? Integer.parseInt(t.get(row, "sr_bits")) : 8,
                            sr ? hex(t.get(row, "random")) : 0, hex(t.get(row, "f32_hex")));
                    assertEquals(t.get(row, "code_hex"), FloatFormat.parse(t.get(row, "format")).formatCode(o.code()), row.toString());
                }
            }
        }
        assertEquals(5, examples, "one worked example per unit");
    }
}
