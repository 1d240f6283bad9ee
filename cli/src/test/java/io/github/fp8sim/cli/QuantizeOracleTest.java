package io.github.fp8sim.cli;

import io.github.fp8sim.runtime.io.CsvTable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.oracle.ExactOracle;
import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fp8sim quantize} agrees bit for bit with the independent exact oracle (BigDecimal, written
 * from ARCHITECTURE.md section 2) for both OCP formats, both overflow modes, rne, and sr with 8 and
 * 16 random bits, on edge cases first (every code's value, every midpoint and its FP32 neighbours,
 * overflow thresholds, zeros, subnormals, Inf, NaN) and then seeded random inputs.
 */
class QuantizeOracleTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (FloatFormat f : List.of(FloatFormat.E5M2, FloatFormat.E4M3)) {
            for (Overflow o : Overflow.values()) {
                list.add(Arguments.of(f, o, Rounding.RNE, 8));
                list.add(Arguments.of(f, o, Rounding.SR, 8));
                list.add(Arguments.of(f, o, Rounding.SR, 16));
            }
        }
        return list.stream();
    }

    /** Edge cases of a format, from the oracle's own view of its values. */
    static List<Integer> edgeInputs(FloatFormat f) {
        List<Integer> in = new ArrayList<>(List.of(0x0000_0000, 0x8000_0000, 0x0000_0001, 0x8000_0001, 0x7F80_0000,
                0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0x7F7F_FFFF, 0xFF7F_FFFF,
                0x3F90_0800,                                  // the double-rounding vector (e5m2 0x3D, not 0x3C)
                Float.floatToRawIntBits(61440f), Float.floatToRawIntBits(Math.nextDown(61440f)),   // e5m2 RNE overflow edge
                Float.floatToRawIntBits(464f), Float.floatToRawIntBits(Math.nextUp(464f))));        // e4m3 RNE overflow edge
        int codes = 1 << ExactOracle.totalBits(f);
        List<BigDecimal> finite = new ArrayList<>();
        for (int c = 0; c < codes; c++) {
            if (ExactOracle.kind(f, c) == ExactOracle.Kind.FINITE && !ExactOracle.isNegative(f, c)) {
                finite.add(ExactOracle.value(f, c));
            }
        }
        finite.sort(null);
        for (int i = 0; i < finite.size(); i++) {
            float v = finite.get(i).floatValue();
            in.add(Float.floatToRawIntBits(v));
            in.add(Float.floatToRawIntBits(-v));
            BigDecimal next = i + 1 < finite.size() ? finite.get(i + 1) : finite.get(i).multiply(BigDecimal.valueOf(2));
            float mid = finite.get(i).add(next).divide(BigDecimal.valueOf(2)).floatValue();    // exact: dyadic, few bits
            for (float x : new float[] {mid, Math.nextDown(mid), Math.nextUp(mid)}) {
                in.add(Float.floatToRawIntBits(x));
                in.add(Float.floatToRawIntBits(-x));
            }
        }
        return in;
    }

    static List<Integer> randomInputs(FloatFormat f, long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int emin = ExactOracle.emin(f);
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) {
                in.add(rnd.nextInt());                       // anything, NaNs included
            } else {                                         // the format's range and a little beyond
                int exp = rnd.nextInt(emin - f.manBits() - 3, 19) + 127;
                in.add((rnd.nextBoolean() ? 0x8000_0000 : 0) | (exp << 23) | rnd.nextInt(1 << 23));
            }
        }
        return in;
    }

    @ParameterizedTest(name = "{0} {1} {2} r={3}")
    @MethodSource("cases")
    void quantizeMatchesTheExactOracle(FloatFormat f, Overflow overflow, Rounding rounding, int srBits) throws IOException {
        List<Integer> inputs = new ArrayList<>(edgeInputs(f));
        inputs.addAll(randomInputs(f, 1234 + srBits, 4000));
        SplittableRandom rnd = new SplittableRandom(99);
        int[] randoms = new int[inputs.size()];
        StringBuilder csv = new StringBuilder("id,f32_hex,random\n");
        for (int i = 0; i < inputs.size(); i++) {
            randoms[i] = rnd.nextInt(1 << srBits);
            csv.append(i).append(',').append(String.format("0x%08X", inputs.get(i)))
                    .append(',').append(i % 2 == 0 ? String.valueOf(randoms[i]) : String.format("0x%X", randoms[i])).append('\n');
        }
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv);
        CliRun run = CliRun.of("quantize", "--format", f.name(), "--rounding", rounding.cliName(), "--sr-bits",
                String.valueOf(srBits), "--overflow", overflow.cliName(), "--input", in.toString(), "--output", out.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        CsvTable table = CsvTable.read(out);
        assertEquals(List.of("id", "f32_hex", "random", "code_hex"), table.header());
        assertEquals(inputs.size(), table.rows().size());
        for (int i = 0; i < inputs.size(); i++) {
            int expected = ExactOracle.encode(f, NanPolicy.MLDTYPES, rounding, overflow, srBits, randoms[i], inputs.get(i));
            List<String> row = table.rows().get(i).values();
            assertEquals(String.format("0x%02X", expected), row.get(3),
                    () -> "input " + row.get(1) + " random " + row.get(2));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} r={3}")
    @MethodSource("cases")
    void withoutARandomColumnSrDrawsLaneIModLFromTheLfsrBank(FloatFormat f, Overflow overflow, Rounding rounding, int srBits)
            throws IOException {
        if (rounding != Rounding.SR) {
            return;
        }
        List<Integer> inputs = randomInputs(f, 77, 3000);
        StringBuilder csv = new StringBuilder("f32_hex\n");
        inputs.forEach(b -> csv.append(String.format("0x%08X%n", b)));
        Path in = dir.resolve("in.csv");
        Files.writeString(in, csv);
        CliRun run = CliRun.of("quantize", "--format", f.name(), "--rounding", "sr", "--sr-bits", String.valueOf(srBits),
                "--overflow", overflow.cliName(), "--random", "lfsr", "--seed", "5", "--lanes", "4", "--input", in.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String[] lines = run.out().split("\n");
        LfsrBank bank = new LfsrBank(4, 5);
        for (int i = 0; i < inputs.size(); i++) {
            int random = bank.nextBits(i % 4, i, srBits);
            int expected = ExactOracle.encode(f, NanPolicy.MLDTYPES, Rounding.SR, overflow, srBits, random, inputs.get(i));
            assertEquals(String.format("0x%08X,0x%02X", inputs.get(i), expected), lines[i + 1]);
        }
    }
}
