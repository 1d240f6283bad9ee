package io.github.fp8sim.cli;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.traces.vectors.VectorChecker;
import io.github.fp8sim.traces.vectors.VectorGenerator;
import io.github.fp8sim.traces.vectors.VectorSpec;
import io.github.fp8sim.traces.vectors.VectorTable;
import io.github.fp8sim.traces.vectors.VectorUnit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fp8sim vectors}: golden test vectors for RTL unit testbenches (docs/vectors.md). */
@Command(name = "vectors",
        mixinStandardHelpOptions = true,
        subcommands = VectorsCommand.Check.class,
        description = {
                "Generates TestFloat-style golden vectors for one unit: edge cases first, then seeded random "
                        + "cases up to --count rows. Expected outputs come from the bit-exact datapath.",
                "Units: quantize (FP32 -> F, rne|rz), sr (stochastic rounding with LFSR bits), mac (acc + a*b), "
                        + "dot (K products in a stated order), tile (a whole array tile with its compute cycles). Formats: docs/vectors.md.",
                "'fp8sim vectors check V.csv --actual A.csv' compares a testbench's outputs."})
public final class VectorsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--unit", paramLabel = "quantize|sr|mac|dot|tile", description = "The unit under test (required).")
    String unit;

    @Option(names = "--format", paramLabel = "F",
            description = "Target format (quantize, sr) or A's format (mac, dot) (required).")
    FloatFormat format;

    @Option(names = "--b-format", paramLabel = "F2", description = "B's format for mac and dot (default: --format).")
    FloatFormat bFormat;





    /** Rounding applies to unit quantize; unit sr always uses sr. */
    @Mixin
    QuantOptions quant;

    @Option(names = "--k", defaultValue = Defaults.VECTORS_K, paramLabel = "K", description = "Products per dot row; the largest K of a random tile (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--dataflow", defaultValue = Defaults.VECTORS_DATAFLOW, paramLabel = "os|ws|is",
            description = "ArrayDataflow, and so accumulation order, of dot and tile rows (default: ${DEFAULT-VALUE}).")
    String dataflow;

    @Option(names = "--array-rows", defaultValue = Defaults.VECTORS_ARRAY_ROWS, paramLabel = "R",
            description = "The array's rows R (its reduction height: ws/is sum tiles of R products) (default: ${DEFAULT-VALUE}).")
    int arrayRows;

    @Option(names = "--array-cols", paramLabel = "C", description = "The array's columns C for tile rows (default: --array-rows).")
    Integer arrayCols;

    @Option(names = "--count", defaultValue = Defaults.VECTORS_COUNT, paramLabel = "N",
            description = "Rows wanted: every edge case, then random cases up to N (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "V.csv", description = "Output CSV (default: standard output).")
    Path out;

    @Override
    public Integer call() {
        if (unit == null || format == null) {
            throw new ParameterException(spec.commandLine(), "--unit and --format are required (or use 'vectors check')");
        }
        VectorSpec vs;
        try {
            QuantSpec q = quant.toSpec(format);
            vs = new VectorSpec(VectorUnit.parse(unit), format, bFormat == null ? format : bFormat, q.rounding(), q.overflow(),
                    q.nanPolicy(), q.srBits(), count, seed, k, ArrayDataflow.parse(dataflow), arrayRows,
                    arrayCols == null ? arrayRows : arrayCols);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        HeapBudget.check("vectors --unit " + vs.unit().cliName() + " --count " + count, VectorGenerator.heapBytes(vs));
        try (Outputs files = new Outputs().output("--out", out)) {
            VectorTable table = VectorGenerator.generate(vs, CliProgress.on(spec.commandLine().getErr(), "vectors"));
            PrintWriter w = spec.commandLine().getOut();
            if (out == null) {
                w.print(table.toCsv());
            } else {
                files.write(out, table::writeTo);
                files.commit();
                w.printf("%s: %d %s vectors (%d edge cases, %d random)%n", out, table.rows().size(), vs.unit().name().toLowerCase(
                        java.util.Locale.ROOT), table.edgeCount(), table.rows().size() - table.edgeCount());
            }
            w.flush();
        }
        return ExitCode.OK;
    }

    /** {@code fp8sim vectors check V.csv --actual A.csv}. */
    @Command(name = "check",
            mixinStandardHelpOptions = true,
            description = {
                    "Compares a testbench's outputs with a vector file: same rows, same order; every column of the "
                            + "actual file that the vector file has is compared (at least the unit's result columns).",
                    "Exit 0: all match; 1: mismatches, one line each; 2: a malformed file."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "V.csv", description = "The vector file.")
        Path vectors;

        @Option(names = "--actual", required = true, paramLabel = "A.csv", description = "The testbench's outputs.")
        Path actual;

        @Override
        public Integer call() {
            CsvTable expected = CsvTable.read(vectors);
            List<VectorChecker.Mismatch> mismatches = VectorChecker.check(expected, CsvTable.read(actual));
            PrintWriter w = spec.commandLine().getOut();
            for (VectorChecker.Mismatch m : mismatches) {
                w.println(actual + ": " + m);
            }
            w.println(mismatches.isEmpty()
                    ? "vectors check: " + expected.rows().size() + " rows match"
                    : "vectors check: " + mismatches.size() + " mismatches in " + expected.rows().size() + " rows");
            w.flush();
            return mismatches.isEmpty() ? ExitCode.OK : ExitCode.MISMATCH;
        }
    }
}
