package io.github.fp8sim.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.CountedRun;
import io.github.fp8sim.workloads.compiler.DramAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fp8sim gemm}: one GEMM on the modelled array. The matrices go through a generated program
 * (DMA in, GEMM, DMA out) on the interpreter, so the values are the machine's and the cycles include
 * the data movement; the report gives the SCALE-Sim compute cycles beside them.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "Multiplies A (M x K codes) by B (K x N codes) on the modelled MAC array, optionally on top of C "
                + "(M x N FP32 bits), and writes the M x N FP32 result.")
public final class GemmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    MachineOptions machineOptions;

    @Option(names = "--a", required = true, paramLabel = "A.csv", description = "M x K operand codes (header c0,c1,...).")
    Path aFile;

    @Option(names = "--b", required = true, paramLabel = "B.csv", description = "K x N operand codes.")
    Path bFile;

    @Option(names = "--c", paramLabel = "C.csv", description = "Initial accumulator, M x N FP32 bit patterns.")
    Path cFile;

    @Option(names = "--format", required = true, paramLabel = "F", description = "A's format: e5m2, e4m3, e5m2fnuz or e4m3fnuz.")
    FloatFormat aFormat;

    @Option(names = "--b-format", paramLabel = "F2", description = "B's format (default: --format).")
    FloatFormat bFormat;

    @Option(names = "--accumulation", paramLabel = "MODE",
            description = "Override the machine's numerics.accumulation: fp32 (one FP32 addition per product) or "
                    + "fused:F[:G] (adder-tree groups of G products aligned to F bits below their largest; F may be exact).")
    String accumulation;

    @Option(names = "--output", paramLabel = "OUT.csv", description = "Result CSV (default: standard output).")
    Path output;

    @Option(names = "--report", paramLabel = "R.json", description = "Write the JSON report here.")
    Path report;

    @Override
    public void run() {
        try (Outputs files = machineOptions.inputs(new Outputs()).input("--a", aFile).input("--b", bFile).input("--c", cFile)
                .output("--output", output).output("--report", report)) {
            run(files);
        }
    }

    private void run(Outputs files) {
        MachineConfig config = machineOptions.resolve();
        if (accumulation != null) {
            try {
                config = config.withAccumulation(Accumulation.parseMode(accumulation));
            } catch (IllegalArgumentException e) {
                throw new InputException("--accumulation: " + e.getMessage());
            }
        }
        EnergyTable table = machineOptions.energyTable(config);
        FloatFormat fb = bFormat == null ? aFormat : bFormat;
        NumFormat na = mac("--format", aFormat);
        NumFormat nb = mac("--b-format", fb);
        // the shapes from the files' headers and line counts first: a GEMM that cannot fit is refused
        // before seconds of parsing (the reads below check every cell and the exact shapes)
        MatrixCsv.Matrix aShape = MatrixCsv.shape(aFile);
        MatrixCsv.Matrix bShape = MatrixCsv.shape(bFile);
        if (aShape.rows() > 0 && bShape.rows() == aShape.cols()) {
            checkFits(config, aShape.rows(), bShape.cols(), aShape.cols());
        }
        MatrixCsv.Matrix a = MatrixCsv.readCodes(aFile, aFormat, "A");
        MatrixCsv.Matrix b = MatrixCsv.readCodes(bFile, fb, "B");
        if (b.rows() != a.cols()) {
            throw new InputException(bFile + ": B has " + b.rows() + " rows but A (" + aFile + ") has " + a.cols()
                    + " columns; they must match (K)");
        }
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        MatrixCsv.Matrix c = null;
        if (cFile != null) {
            c = MatrixCsv.read(cFile, 8, "C, FP32 bit patterns");
            if (c.rows() != m || c.cols() != n) {
                throw new InputException(cFile + ": C is " + c.rows() + " x " + c.cols() + ", expected M x N = " + m + " x " + n);
            }
        }
        checkFits(config, m, n, k);

        // Layout: A then B in the scratchpad, C at accumulator address 0; DRAM holds A, B, C and the result.
        long spadB = align(m * (long) k, 64);
        DramAllocator dram = new DramAllocator(0, config.dram().bytes());
        dram.take(m * (long) k);                     // A at 0
        long dramB = dram.take(k * (long) n);
        long dramC = dram.take(4L * m * n);
        long dramOut = dram.take(4L * m * n);
        Machine machine = new Machine(config);
        machine.dram().write(0, bytes(a.values()), 0, m * k);
        machine.dram().write(dramB, bytes(b.values()), 0, k * n);
        List<Instruction> prog = new ArrayList<>();
        prog.add(new DmaLoad(Space.SPAD, 0, 0, m, k, k, k));
        prog.add(new DmaLoad(Space.SPAD, dramB, spadB, k, n, n, n));
        if (c != null) {
            machine.dram().write(dramC, littleEndian(c.values()), 0, 4 * m * n);
            prog.add(new DmaLoad(Space.ACC, dramC, 0, m, 4 * n, 4L * n, 4L * n));
        }
        Gemm gemm = new Gemm(0, 0, spadB, m, n, k, k, n, n, Formats.isaDataflow(config.array().dataflow()), na, nb,
                c != null, false, 0);
        prog.add(gemm);
        prog.add(new DmaStore(Space.ACC, 0, dramOut, m, 4 * n, 4L * n, 4L * n));
        prog.add(new Halt());
        Program program = new Program(prog);

        CountedRun run = CountedRun.keepingSteps(machine, Mode.FUNCTIONAL);
        run.run(program);
        Accounting accounting = run.accounting();
        byte[] out = new byte[4 * m * n];
        machine.dram().read(dramOut, out, 0, out.length);
        float[] result = new float[m * n];
        for (int i = 0; i < result.length; i++) {
            result[i] = Float.intBitsToFloat((out[4 * i] & 0xFF) | (out[4 * i + 1] & 0xFF) << 8
                    | (out[4 * i + 2] & 0xFF) << 16 | (out[4 * i + 3] & 0xFF) << 24);
        }
        RunReport.Totals totals = RunReport.Totals.of(config, accounting, table);
        Accumulation mode = config.numerics().accumulation();
        String summary = String.format("gemm %dx%dx%d (M x N x K) %s x %s, %s on %dx%d%s: %s", m, n, k, aFormat, fb,
                config.array().dataflow().cliName(), config.array().rows(), config.array().cols(),
                mode.isFused() ? ", " + mode.modeName() : "", totals.summary());
        if (report != null) {
            RunReport r = new RunReport("gemm", config, accounting, table);
            Accounting.Step step = accounting.steps().stream().filter(s -> s.insn() instanceof Gemm).findFirst().orElseThrow();
            r.top().list("layers").addObject().put("name", "gemm").put("m", m).put("n", n).put("k", k)
                    .put("instruction", Disassembler.disassemble(gemm)).put("macs", step.cost().macs())
                    .put("cycles", step.cost().cycles()).put("compute_cycles", step.cost().scaleSimComputeCycles())
                    .put("utilization", (double) step.cost().macs()
                            / ((double) step.cost().cycles() * config.array().rows() * config.array().cols()))
                    .put("energy_pj", step.cost().actions().totalPicojoules(table));
            files.write(report, r::writeTo);
        }
        if (output != null) {
            files.write(output, w -> MatrixCsv.print(w, m, n, result, 0, n));
        }
        files.commit();
        if (output != null) {
            spec.commandLine().getOut().println(summary);
            spec.commandLine().getOut().flush();
        } else {
            StringWriter w = new StringWriter();
            try {
                MatrixCsv.print(w, m, n, result, 0, n);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);   // a StringWriter does not fail
            }
            spec.commandLine().getOut().print(w);
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println(summary);
        }
    }

    private NumFormat mac(String option, FloatFormat f) {
        return Formats.numFormat(f).filter(NumFormat::isFp8).orElseThrow(() -> new ParameterException(spec.commandLine(),
                option + ": the MAC array takes e5m2, e4m3, e5m2fnuz or e4m3fnuz, got " + f));
    }

    private void checkFits(MachineConfig config, int m, int n, int k) {
        long spad = align(m * (long) k, 64) + (long) k * n;
        if (spad > config.scratchpad().bytes()) {
            throw new InputException("A and B (" + spad + " bytes) do not fit the " + config.name() + " scratchpad ("
                    + config.scratchpad().bytes() + " bytes); use a machine with a larger scratchpad");
        }
        if (4L * m * n > config.accumulator().bytes()) {
            throw new InputException("C (" + 4L * m * n + " bytes) does not fit the " + config.name() + " accumulator ("
                    + config.accumulator().bytes() + " bytes); use a machine with a larger accumulator");
        }
        if (k > 65535 || 4L * n > 65535) {
            throw new InputException("a row of A (" + k + " bytes) or of C (" + 4L * n + " bytes) exceeds the ISA's 65535-byte DMA row");
        }
    }

    private static long align(long v, long to) {
        return (v + to - 1) / to * to;
    }

    private static byte[] bytes(int[] codes) {
        byte[] b = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            b[i] = (byte) codes[i];
        }
        return b;
    }

    private static byte[] littleEndian(int[] words) {
        byte[] b = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) {
            for (int j = 0; j < 4; j++) {
                b[4 * i + j] = (byte) (words[i] >>> (8 * j));
            }
        }
        return b;
    }
}
