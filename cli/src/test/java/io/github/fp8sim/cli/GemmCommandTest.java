package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.CodeMatrix;
import io.github.fp8sim.datapath.mac.Fp32Matrix;
import io.github.fp8sim.datapath.mac.GemmCall;
import io.github.fp8sim.datapath.mac.ReferenceGemm;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.runtime.io.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fp8sim gemm} agrees bit for bit with a reference written here from ARCHITECTURE.md section 2
 * (operands decoded by the exact oracle; os: each output adds its products in increasing k from its
 * initial value; ws/is: K tiles of R summed from +0 then added to the accumulator; NaN canonical), for
 * every dataflow, on random and edge-case codes and shapes that are not multiples of the array; and its
 * {@code compute_cycles} equal SCALE-Sim's closed forms.
 */
class GemmCommandTest {

    @TempDir
    Path dir;

    static List<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 9, 33}, {16, 16, 16}, {20, 31, 40}};
        String[] arrays = {"4x4", "8x16", "16x16"};
        int i = 0;
        for (String df : new String[] {"os", "ws", "is"}) {
            for (int[] s : shapes) {
                list.add(Arguments.of(df, arrays[i++ % arrays.length], s[0], s[1], s[2], i % 2 == 0, i % 3 == 0 ? "e4m3" : "e5m2"));
            }
        }
        return list;
    }

    /** Codes from the whole range: zeros of both signs, subnormals, large values, Inf and NaN now and then. */
    static int[] codes(int n, SplittableRandom r, boolean specials) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(100);
            c[i] = pick < 5 ? (r.nextBoolean() ? 0x00 : 0x80)
                    : pick < 12 ? r.nextInt(4) | (r.nextBoolean() ? 0x80 : 0)      // subnormals
                    : pick < 14 && specials ? 0x7C | r.nextInt(4) | (r.nextBoolean() ? 0x80 : 0)   // e5m2 Inf/NaN region
                    : r.nextInt(256);
        }
        return c;
    }

    static float value(FloatFormat f, int code) {
        return switch (ExactOracle.kind(f, code)) {
            case NAN -> Float.NaN;
            case INFINITE -> ExactOracle.isNegative(f, code) ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
            case FINITE -> {
                float v = ExactOracle.value(f, code).floatValue();          // exact: FP8 values are FP32 values
                yield v == 0 && ExactOracle.isNegative(f, code) ? -0.0f : v;
            }
        };
    }

    static int[] reference(String df, int rows, FloatFormat fa, FloatFormat fb, int[] a, int[] b, int[] c, int m, int n, int k) {
        int[] out = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = c == null ? 0.0f : Float.intBitsToFloat(c[i * n + j]);
                if (df.equals("os")) {
                    for (int p = 0; p < k; p++) {
                        acc = acc + value(fa, a[i * k + p]) * value(fb, b[p * n + j]);
                    }
                } else {
                    for (int t = 0; t < k; t += rows) {
                        float psum = 0.0f;
                        for (int p = t; p < Math.min(k, t + rows); p++) {
                            psum = psum + value(fa, a[i * k + p]) * value(fb, b[p * n + j]);
                        }
                        acc = acc + psum;
                    }
                }
                out[i * n + j] = Float.isNaN(acc) ? 0x7FC0_0000 : Float.floatToRawIntBits(acc);
            }
        }
        return out;
    }

    private Path write(String name, int rows, int cols, int[] v, String fmt) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < cols; j++) {
            s.append(j == 0 ? "" : ",").append("c").append(j);
        }
        s.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s.append(j == 0 ? "" : ",").append(String.format(fmt, v[i * cols + j]));
            }
            s.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, s);
        return p;
    }

    static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    @ParameterizedTest(name = "{0} on {1}: {2}x{3}x{4} with C={5}, A {6}")
    @MethodSource("cases")
    void gemmMatchesTheContractAndScaleSim(String df, String array, int m, int n, int k, boolean withC, String aFormat)
            throws IOException {
        SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
        FloatFormat fa = FloatFormat.parse(aFormat);
        FloatFormat fb = FloatFormat.E5M2;
        int[] a = codes(m * k, r, aFormat.equals("e5m2"));
        int[] b = codes(k * n, r, true);
        int[] c = null;
        List<String> args = new ArrayList<>(List.of("gemm", "--a", write("a.csv", m, k, a, "0x%02X").toString(),
                "--b", write("b.csv", k, n, b, "0x%02X").toString(), "--format", aFormat, "--b-format", "e5m2",
                "--dataflow", df, "--array", array, "--output", dir.resolve("out.csv").toString(),
                "--report", dir.resolve("r.json").toString()));
        if (withC) {
            c = new int[m * n];
            for (int i = 0; i < c.length; i++) {
                c[i] = Float.floatToRawIntBits((float) r.nextGaussian() * 100);
            }
            c[0] = 0x8000_0000;     // -0 initial accumulator
            args.addAll(List.of("--c", write("c.csv", m, n, c, "0x%08X").toString()));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, run.exitCode(), run.err());

        int rows = Integer.parseInt(array.split("x")[0]);
        int cols = Integer.parseInt(array.split("x")[1]);
        int[] expected = reference(df, rows, fa, fb, a, b, c, m, n, k);
        CsvTable out = CsvTable.read(dir.resolve("out.csv"));
        assertEquals(m, out.rows().size());
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(String.format("0x%08X", expected[i * n + j]), out.rows().get(i).get(j), "C[" + i + "][" + j + "]");
            }
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        long scaleSim = switch (df) {
            case "os" -> ceil(m, rows) * ceil(n, cols) * (k + rows + cols - 2) - 1;
            case "ws" -> ceil(k, rows) * ceil(n, cols) * (m + 2L * rows + cols - 2) - 1;
            default -> ceil(k, rows) * ceil(m, cols) * (n + 2L * rows + cols - 2) - 1;
        };
        assertEquals(scaleSim, report.at("/layers/0/compute_cycles").asLong());
        assertEquals(scaleSim, report.at("/totals/compute_cycles").asLong());
        assertEquals((long) m * n * k, report.at("/totals/macs").asLong());
        assertTrue(report.at("/totals/cycles").asLong() > report.at("/layers/0/cycles").asLong(),
                "the machine model adds the DMA around the GEMM");
        assertEquals(df, report.at("/config/array/dataflow").asText());
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({"fused:exact,os,4x4", "fused:0,ws,4x4", "fused:3:5,is,8x16",
            "fused:14:128,os,16x16", "fused:1,ws,16x16"})
    void accumulationOverridesTheMachineAndMatchesTheReference(String mode, String df, String array) throws IOException {
        int m = 5;
        int n = 7;
        int k = 37;
        SplittableRandom r = new SplittableRandom(mode.hashCode());
        int[] a = codes(m * k, r, true);
        int[] b = codes(k * n, r, true);
        int[] c = new int[m * n];
        for (int i = 0; i < c.length; i++) {
            c[i] = Float.floatToRawIntBits((float) r.nextGaussian() * 100);
        }
        CliRun run = CliRun.of("gemm", "--a", write("a.csv", m, k, a, "0x%02X").toString(),
                "--b", write("b.csv", k, n, b, "0x%02X").toString(), "--c", write("c.csv", m, n, c, "0x%08X").toString(),
                "--format", "e5m2", "--dataflow", df, "--array", array, "--accumulation", mode,
                "--output", dir.resolve("out.csv").toString(), "--report", dir.resolve("r.json").toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains(", " + mode + ": "), run.out());
        byte[] ab = new byte[a.length];
        byte[] bb = new byte[b.length];
        for (int i = 0; i < a.length; i++) {
            ab[i] = (byte) a[i];
        }
        for (int i = 0; i < b.length; i++) {
            bb[i] = (byte) b[i];
        }
        float[] expected = new float[m * n];
        for (int i = 0; i < c.length; i++) {
            expected[i] = Float.intBitsToFloat(c[i]);
        }
        int rows = Integer.parseInt(array.split("x")[0]);
        int cols = Integer.parseInt(array.split("x")[1]);
        ReferenceGemm.gemm(new ArrayShape(rows, cols), ArrayDataflow.parse(df), Accumulation.parseMode(mode),
                new GemmCall(new CodeMatrix(ab, 0, k, FloatFormat.E5M2), new CodeMatrix(bb, 0, n, FloatFormat.E5M2),
                        new Fp32Matrix(expected, 0, n), m, n, k, true));
        CsvTable out = CsvTable.read(dir.resolve("out.csv"));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(String.format("0x%08X", Float.floatToRawIntBits(expected[i * n + j])),
                        out.rows().get(i).get(j), "C[" + i + "][" + j + "]");
            }
        }
        JsonNode report = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertEquals(mode, report.at("/config/numerics/accumulation").asText());
    }

    @Test
    void aBadAccumulationIsAnInputError() throws IOException {
        CliRun run = CliRun.of("gemm", "--a", write("a.csv", 1, 1, new int[] {0x3C}, "0x%02X").toString(),
                "--b", write("b.csv", 1, 1, new int[] {0x3C}, "0x%02X").toString(), "--format", "e5m2",
                "--accumulation", "fused:-1");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("fp8sim gemm: --accumulation: accumulation 'fused:-1': F must be >= 0, got -1",
                run.err().strip());
    }
}
