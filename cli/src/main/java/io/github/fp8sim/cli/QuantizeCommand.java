package io.github.fp8sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.round.MxQuantizer;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.io.AtomicOutput;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.Outputs;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fp8sim quantize}: FP32 bit patterns from a CSV through one conversion unit. */
@Command(name = "quantize",
        mixinStandardHelpOptions = true,
        description = {
                "Converts FP32 values (column f32_hex, 0x + 8 hex digits) to a format, bit-exactly.",
                "The output repeats every input column and adds code_hex. For sr, a column 'random' "
                        + "(decimal or 0x hex, in [0, 2^r)) gives each row's random bits; without it they come "
                        + "from the configured random source, row i drawing on lane i mod lanes."})
public final class QuantizeCommand implements Runnable {

    /** The output column this command adds. */
    public static final String CODE_COLUMN = "code_hex";
    public static final String INPUT_COLUMN = "f32_hex";
    public static final String RANDOM_COLUMN = "random";

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F",
            description = "Target format: e5m2, e4m3, e5m2fnuz, e4m3fnuz, e3m2, e2m3, e2m1, fp16, bf16, fp32,"
                    + " eXmY[bN][fn|fnuz], or mx:E (OCP MX blocks of E = e5m2, e4m3, e3m2, e2m3, e2m1 with an E8M0 scale).")
    String formatName;

    @Option(names = "--block", paramLabel = "K",
            description = "mx:E only: rows per block, 1.." + MAX_BLOCK + " (default: " + MxQuantizer.DEFAULT_BLOCK + ").")
    Integer block;

    @Option(names = "--scale-rule", paramLabel = "floor|rceil",
            description = "mx:E only: the block's scale exponent (default: floor).")
    String scaleRule;

    /** The largest --block: a block's rows are held in memory until it is complete. */
    public static final int MAX_BLOCK = 1 << 16;
    /** The output column of MX blocks: the block's E8M0 scale code. */
    public static final String SCALE_COLUMN = "scale_hex";

    private FloatFormat format;
    private MxQuantizer mx;

    @Mixin
    QuantOptions quant;

    @Option(names = "--random", defaultValue = Defaults.RANDOM, paramLabel = "lfsr|philox",
            description = "Random source for sr when the input has no 'random' column (default: ${DEFAULT-VALUE}).")
    RandomKind randomKind;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S",
            description = "Seed of the random source (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lanes", defaultValue = Defaults.LANES, paramLabel = "L",
            description = "SR lanes of the random source (default: ${DEFAULT-VALUE}).")
    int lanes;

    @Option(names = "--input", required = true, paramLabel = "IN.csv", description = "Input CSV with a header row.")
    Path input;

    @Option(names = "--output", paramLabel = "OUT.csv", description = "Output CSV (default: standard output).")
    Path output;

    @Override
    public void run() {
        new OptionChecks(spec).atLeast("--lanes", lanes, 1);
        parseFormat();
        QuantSpec quantSpec = mx != null ? mx.spec() : quant.toSpec(format);
        // Rows stream from the input through the converter to a staged output, so memory does not grow
        // with the file; nothing reaches the output until every row converted (a bad row leaves none).
        try (Outputs files = new Outputs().input("--input", input).output("--output", output)) {
            if (output != null) {
                files.write(output, w -> convert(w, quantSpec));
                files.commit();
                return;
            }
        }
        Path staged = null;
        try {
            staged = Files.createTempFile("fp8sim-quantize", ".csv");
            AtomicOutput.write(staged, w -> convert(w, quantSpec));
            PrintWriter out = spec.commandLine().getOut();
            try (Reader r = Files.newBufferedReader(staged, StandardCharsets.UTF_8)) {
                r.transferTo(out);
            }
            out.flush();
        } catch (IOException e) {
            throw new InputException("standard output: cannot stage the result in the temporary folder (" + e.getMessage() + ")");
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // a temporary file left in the temporary folder
                }
            }
        }
    }

    /** --format, --block and --scale-rule; a bad value is a one-line usage error (exit 2). */
    private void parseFormat() {
        String name = formatName.trim();
        boolean isMx = name.regionMatches(true, 0, "mx:", 0, 3);
        try {
            if (!isMx) {
                if (block != null || scaleRule != null) {
                    throw new IllegalArgumentException((block != null ? "--block" : "--scale-rule")
                            + " is for MX blocks: use --format mx:E");
                }
                format = FloatFormat.parse(name);
                return;
            }
            int k = block == null ? MxQuantizer.DEFAULT_BLOCK : block;
            if (k < 1 || k > MAX_BLOCK) {
                throw new IllegalArgumentException("--block must be 1.." + MAX_BLOCK + ", got " + k);
            }
            MxQuantizer.ScaleRule rule = scaleRule == null ? MxQuantizer.ScaleRule.FLOOR : MxQuantizer.ScaleRule.parse(scaleRule);
            quant.toSpec(FloatFormat.E4M3);     // checks --sr-bits
            FloatFormat element = FloatFormat.parse(name.substring(3));
            mx = new MxQuantizer(element, rule, quant.rounding, quant.srBits);
            format = mx.format();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format " + formatName + ": " + e.getMessage());
        }
    }

    /** Reads, converts and writes the input one row at a time. */
    private void convert(Writer w, QuantSpec quantSpec) throws IOException {
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        Quantizer quantizer = new Quantizer(quantSpec);
        boolean sr = quantSpec.rounding() == Rounding.SR;
        int srBits = quantSpec.srBits();
        Blocks blocks = new Blocks(printer);
        CsvTable.forEachRow(input, new CsvTable.RowVisitor() {
            CsvTable table;
            int valueColumn;
            int randomColumn;
            RandomSource source;
            long element;

            @Override
            public void header(CsvTable headerOnly) throws IOException {
                table = headerOnly;
                valueColumn = table.requireColumn(INPUT_COLUMN);
                if (table.column(CODE_COLUMN) >= 0) {
                    throw InputException.at(table.file(), 1, CODE_COLUMN, "the input already has an output column '" + CODE_COLUMN + "'");
                }
                if (mx != null && table.column(SCALE_COLUMN) >= 0) {
                    throw InputException.at(table.file(), 1, SCALE_COLUMN, "the input already has an output column '" + SCALE_COLUMN + "'");
                }
                randomColumn = sr ? table.column(RANDOM_COLUMN) : -1;
                source = sr && randomColumn < 0 ? RandomSource.create(randomKind, seed, lanes) : null;
                List<String> header = new ArrayList<>(table.header());
                if (mx != null) {
                    header.add(SCALE_COLUMN);
                }
                header.add(CODE_COLUMN);
                printer.printRecord(header);
            }

            @Override
            public void row(CsvTable.Row row) throws IOException {
                int bits = Fields.f32Hex(table, row, valueColumn);
                int random = 0;
                if (randomColumn >= 0) {
                    random = Fields.unsignedBelowPow2(table, row, randomColumn, srBits);
                } else if (source != null) {
                    random = source.nextBits((int) (element % lanes), element, srBits);
                }
                List<String> record = new ArrayList<>(row.values());
                element++;
                if (mx != null) {
                    blocks.add(record, Float.intBitsToFloat(bits), random);
                    return;
                }
                record.add(format.formatCode(quantizer.quantize(bits, random)));
                printer.printRecord(record);
            }
        });
        blocks.flush();
        printer.flush();
    }

    /** MX mode: holds one block's rows until it is complete, then prints them with the block's scale. */
    private final class Blocks {
        final CSVPrinter printer;
        final int k;
        final List<List<String>> records = new ArrayList<>();
        final float[] values;
        final int[] random;
        final byte[] codes;
        int n;

        Blocks(CSVPrinter printer) {
            this.printer = printer;
            this.k = mx == null ? 0 : block == null ? MxQuantizer.DEFAULT_BLOCK : block;
            this.values = new float[k];
            this.random = new int[k];
            this.codes = new byte[k];
        }

        void add(List<String> record, float value, int r) throws IOException {
            records.add(record);
            values[n] = value;
            random[n] = r;
            if (++n == k) {
                flush();
            }
        }

        void flush() throws IOException {
            if (n == 0) {
                return;
            }
            int scale = mx.quantizeBlock(values, 0, n, random, 0, codes, 0);
            String scaleHex = String.format("0x%02X", scale);
            for (int i = 0; i < n; i++) {
                List<String> record = records.get(i);
                record.add(scaleHex);
                record.add(format.formatCode(codes[i] & 0xFF));
                printer.printRecord(record);
            }
            records.clear();
            n = 0;
        }
    }
}
