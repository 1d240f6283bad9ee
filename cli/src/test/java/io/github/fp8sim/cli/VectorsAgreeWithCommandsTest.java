package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.fp8sim.runtime.io.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden vectors and the commands agree (issue 6): quantize and sr vectors fed to
 * {@code fp8sim quantize} (sr with each row's own random bits) give the vectors' codes, and tile
 * vectors fed to {@code fp8sim gemm} on the stated array and dataflow give the vectors' outputs.
 */
class VectorsAgreeWithCommandsTest {

    @TempDir
    Path dir;

    private CsvTable vectors(String... args) {
        Path out = dir.resolve("v.csv");
        String[] all = new String[args.length + 3];
        all[0] = "vectors";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        CliRun r = CliRun.of(all);
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        return CsvTable.read(out);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"quantize,e5m2,rne,saturate", "quantize,e4m3,rz,inf", "sr,e5m2,sr,saturate", "sr,e4m3,sr,inf"})
    void quantizeVectorsAreWhatTheQuantizeCommandComputes(String unit, String format, String rounding, String overflow)
            throws IOException {
        CsvTable v = unit.equals("sr")
                ? vectors("--unit", "sr", "--format", format, "--overflow", overflow, "--count", "600", "--seed", "4")
                : vectors("--unit", unit, "--format", format, "--rounding", rounding, "--overflow", overflow, "--count", "600", "--seed", "4");
        StringBuilder in = new StringBuilder(unit.equals("sr") ? "f32_hex,random\n" : "f32_hex\n");
        for (CsvTable.Row row : v.rows()) {
            in.append(v.get(row, "f32_hex"));
            if (unit.equals("sr")) {
                in.append(',').append(v.get(row, "random"));
            }
            in.append('\n');
        }
        Path input = dir.resolve("in.csv");
        Files.writeString(input, in);
        Path out = dir.resolve("out.csv");
        CliRun r = CliRun.of("quantize", "--format", format, "--rounding", rounding, "--overflow", overflow,
                "--input", input.toString(), "--output", out.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        CsvTable q = CsvTable.read(out);
        assertEquals(v.rows().size(), q.rows().size());
        for (int i = 0; i < q.rows().size(); i++) {
            assertEquals(v.get(v.rows().get(i), "code_hex"), q.get(q.rows().get(i), "code_hex"),
                    "vector line " + v.rows().get(i).line() + ", input " + q.get(q.rows().get(i), "f32_hex"));
        }
    }

    @Test
    void tileVectorsAreWhatTheGemmCommandComputes() throws IOException {
        CsvTable v = vectors("--unit", "tile", "--format", "e5m2", "--count", "12", "--seed", "9");
        for (CsvTable.Row row : v.rows()) {
            int m = Integer.parseInt(v.get(row, "m"));
            int k = Integer.parseInt(v.get(row, "k"));
            int n = Integer.parseInt(v.get(row, "n"));
            Path a = matrix("a.csv", m, k, v.get(row, "a_hex"));
            Path b = matrix("b.csv", k, n, v.get(row, "b_hex"));
            Path out = dir.resolve("c.csv");
            var args = new java.util.ArrayList<>(java.util.List.of("gemm", "--a", a.toString(), "--b", b.toString(),
                    "--format", v.get(row, "a_format"), "--b-format", v.get(row, "b_format"),
                    "--dataflow", v.get(row, "dataflow"), "--array", v.get(row, "array_rows") + "x" + v.get(row, "array_cols"),
                    "--output", out.toString()));
            if (!v.get(row, "c_hex").isEmpty()) {
                args.addAll(java.util.List.of("--c", matrix("c0.csv", m, n, v.get(row, "c_hex")).toString()));
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, r.exitCode(), r.err());
            CsvTable c = CsvTable.read(out);
            StringBuilder got = new StringBuilder();
            for (CsvTable.Row cr : c.rows()) {
                for (String cell : cr.values()) {
                    got.append(got.isEmpty() ? "" : " ").append(cell);
                }
            }
            assertEquals(v.get(row, "result_hex"), got.toString(), "tile vector at line " + row.line());
        }
    }

    private Path matrix(String name, int rows, int cols, String spaceSeparated) throws IOException {
        String[] cells = spaceSeparated.trim().split(" ");
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < cols; j++) {
            s.append(j == 0 ? "" : ",").append("c").append(j);
        }
        s.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s.append(j == 0 ? "" : ",").append(cells[i * cols + j]);
            }
            s.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, s);
        return p;
    }
}
