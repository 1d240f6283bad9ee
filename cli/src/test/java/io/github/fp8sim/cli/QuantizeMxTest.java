package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.round.MxQuantizer;
import io.github.fp8sim.datapath.round.MxQuantizer.ScaleRule;
import io.github.fp8sim.datapath.round.MxQuantizerTest;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.io.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fp8sim quantize --format mx:E}: rows in blocks of K (short last block) against the exact MX oracle. */
class QuantizeMxTest {

    @TempDir
    Path dir;

    private void run(FloatFormat f, ScaleRule rule, Rounding rounding, int k, int rows, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] values = new float[rows];
        int[] randoms = new int[rows];
        StringBuilder csv = new StringBuilder("id,f32_hex,random\n");
        for (int i = 0; i < rows; i++) {
            values[i] = (float) Math.scalb(rnd.nextDouble(-2, 2), rnd.nextInt(-20, 20));
            if (i == 3) {
                values[i] = Float.NaN;   // the first block's scale is NaN
            }
            randoms[i] = rnd.nextInt(256);
            csv.append(i).append(',').append(String.format("0x%08X", Float.floatToRawIntBits(values[i])))
                    .append(',').append(randoms[i]).append('\n');
        }
        Path in = dir.resolve("in.csv");
        Path out = dir.resolve("out.csv");
        Files.writeString(in, csv);
        CliRun run = CliRun.of("quantize", "--format", "mx:" + f.name(), "--block", String.valueOf(k),
                "--scale-rule", rule.cliName(), "--rounding", rounding.cliName(), "--input", in.toString(),
                "--output", out.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        CsvTable table = CsvTable.read(out);
        assertEquals(List.of("id", "f32_hex", "random", "scale_hex", "code_hex"), table.header());
        assertEquals(rows, table.rows().size());
        for (int start = 0; start < rows; start += k) {
            int n = Math.min(k, rows - start);
            MxQuantizerTest.Expected want = MxQuantizerTest.oracle(f, rule, rounding,
                    Arrays.copyOfRange(values, start, start + n), Arrays.copyOfRange(randoms, start, start + n));
            for (int i = 0; i < n; i++) {
                List<String> row = table.rows().get(start + i).values();
                assertEquals(String.format("0x%02X", want.scale()), row.get(3), f + " block at " + start);
                if (want.scale() != MxQuantizer.SCALE_NAN) {
                    assertEquals(String.format("0x%02X", want.codes()[i]), row.get(4), f + " row " + (start + i));
                }
            }
        }
    }

    @Test
    void everyElementFormatBothRulesAndAShortLastBlock() throws IOException {
        long seed = 1;
        for (FloatFormat f : MxQuantizer.ELEMENT_FORMATS) {
            for (ScaleRule rule : ScaleRule.values()) {
                run(f, rule, Rounding.RNE, 32, 100, seed++);
                run(f, rule, Rounding.SR, 7, 30, seed++);
            }
        }
    }

    @Test
    void badMxOptionsAreOneLineUsageErrors() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "f32_hex\n0x3F800000\n");
        String[][] bad = {
            {"--format", "mx:e4m3", "--block", "0"},
            {"--format", "mx:e9m9"},
            {"--format", "mx:fp16"},
            {"--format", "e4m3", "--block", "32"},
            {"--format", "e4m3", "--scale-rule", "floor"},
            {"--format", "mx:e4m3", "--scale-rule", "ceil"},
            {"--format", "mx:e4m3", "--rounding", "rz"},
        };
        for (String[] args : bad) {
            String[] all = new String[args.length + 3];
            all[0] = "quantize";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--input";
            all[args.length + 2] = in.toString();
            CliRun run = CliRun.of(all);
            assertEquals(ExitCode.BAD_INPUT, run.exitCode(), Arrays.toString(args) + ": " + run.err());
            assertTrue(run.err().strip().lines().findFirst().orElse("").contains("--"), Arrays.toString(args) + ": " + run.err());
            assertEquals("", run.out());
        }
    }
}
