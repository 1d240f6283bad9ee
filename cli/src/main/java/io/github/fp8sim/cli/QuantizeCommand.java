package io.github.fp8sim.cli;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.Outputs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
            description = "Target format: e5m2, e4m3, e5m2fnuz, e4m3fnuz, fp16, bf16, fp32 or eXmY[bN][fn|fnuz].")
    FloatFormat format;





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
        QuantSpec quantSpec = quant.toSpec(format);
        try (Outputs files = new Outputs().input("--input", input).output("--output", output)) {
            CsvTable table = CsvTable.read(input);
            List<String> codes = quantizeAll(table, quantSpec);

            // Nothing is written until every row converted: a bad row leaves no partial output.
            if (output == null) {
                StringWriter buffer = new StringWriter();
                try {
                    writeCsv(buffer, table, codes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);   // a StringWriter does not fail
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(buffer);
                out.flush();
            } else {
                files.write(output, w -> writeCsv(w, table, codes));
                files.commit();
            }
        }
    }

    private List<String> quantizeAll(CsvTable table, QuantSpec quantSpec) {
        int valueColumn = table.requireColumn(INPUT_COLUMN);
        if (table.column(CODE_COLUMN) >= 0) {
            throw InputException.at(table.file(), 1, CODE_COLUMN, "the input already has an output column '" + CODE_COLUMN + "'");
        }
        boolean sr = quantSpec.rounding() == Rounding.SR;
        int srBits = quantSpec.srBits();
        int randomColumn = sr ? table.column(RANDOM_COLUMN) : -1;
        RandomSource source = sr && randomColumn < 0 ? RandomSource.create(randomKind, seed, lanes) : null;
        Quantizer quantizer = new Quantizer(quantSpec);
        List<String> codes = new ArrayList<>(table.rows().size());
        long element = 0;
        for (CsvTable.Row row : table.rows()) {
            int bits = Fields.f32Hex(table, row, valueColumn);
            int random = 0;
            if (randomColumn >= 0) {
                random = Fields.unsignedBelowPow2(table, row, randomColumn, srBits);
            } else if (source != null) {
                random = source.nextBits((int) (element % lanes), element, srBits);
            }
            codes.add(format.formatCode(quantizer.quantize(bits, random)));
            element++;
        }
        return codes;
    }

    private static void writeCsv(Writer w, CsvTable table, List<String> codes) throws IOException {
        List<String> header = new ArrayList<>(table.header());
        header.add(CODE_COLUMN);
        CSVFormat csv = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
        try (CSVPrinter printer = new CSVPrinter(w, csv)) {
            printer.printRecord(header);
            for (int i = 0; i < codes.size(); i++) {
                List<String> record = new ArrayList<>(table.rows().get(i).values());
                record.add(codes.get(i));
                printer.printRecord(record);
            }
        }
    }
}
