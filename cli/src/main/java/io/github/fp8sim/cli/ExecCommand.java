package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.report.ReportSection;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.CountedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fp8sim exec}: runs a program on a machine, with DRAM images in and out. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Executes a program (assembly or binary) on the modelled machine and reports cycles and energy.")
public final class ExecCommand implements Runnable {

    private static final Pattern DRAM_IN = Pattern.compile("(.+)@(0[xX][0-9a-fA-F]+|\\d+)");
    private static final Pattern DRAM_OUT = Pattern.compile("(0[xX][0-9a-fA-F]+|\\d+):(0[xX][0-9a-fA-F]+|\\d+)=(.+)");

    @Spec
    CommandSpec spec;

    @Mixin
    MachineOptions machineOptions;

    @Parameters(paramLabel = "PROG", description = "Program: assembly text or a binary program file.")
    Path program;

    @Option(names = "--mode", defaultValue = Defaults.PROGRAM_MODE, paramLabel = "functional|timing",
            description = "functional computes every value; timing only counts (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--dram-in", paramLabel = "FILE@ADDR", description = "Load a file's bytes into DRAM at ADDR before the run.")
    List<String> dramIn = new ArrayList<>();

    @Option(names = "--dram-out", paramLabel = "ADDR:BYTES=FILE", description = "Save BYTES of DRAM at ADDR to FILE after the run.")
    List<String> dramOut = new ArrayList<>();

    @Option(names = "--report", paramLabel = "R.json", description = "Write the JSON report here.")
    Path report;

    @Override
    public void run() {
        if (mode == Mode.TIMING && !dramOut.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--dram-out needs --mode functional (timing mode computes no values)");
        }
        Outputs declared = machineOptions.inputs(new Outputs()).input("PROG", program);
        for (String in : dramIn) {
            declared.input("--dram-in", Path.of(match(DRAM_IN, "--dram-in", "FILE@ADDR", in).group(1)));
        }
        for (String out : dramOut) {
            declared.output("--dram-out", Path.of(match(DRAM_OUT, "--dram-out", "ADDR:BYTES=FILE", out).group(3)));
        }
        try (Outputs files = declared.output("--report", report)) {
            run(files);
        }
    }

    private Matcher match(Pattern pattern, String option, String expected, String text) {
        Matcher mt = pattern.matcher(text);
        if (!mt.matches()) {
            throw new ParameterException(spec.commandLine(), option + " expects " + expected + ", got '" + text + "'");
        }
        return mt;
    }

    private void run(Outputs files) {
        Mode m = mode;
        MachineConfig config = machineOptions.resolve();
        EnergyTable table = machineOptions.energyTable(config);
        Program p = ProgramFiles.read(program);
        Machine machine = new Machine(config);
        for (String in : dramIn) {
            Matcher mt = match(DRAM_IN, "--dram-in", "FILE@ADDR", in);
            byte[] bytes = InputFiles.readAllBytes(Path.of(mt.group(1)));
            long addr = number(mt.group(2));
            if (addr < 0 || addr + bytes.length > config.dram().bytes()) {
                throw new ParameterException(spec.commandLine(), "--dram-in " + in + ": " + bytes.length
                        + " bytes at " + mt.group(2) + " do not fit the machine's DRAM (" + config.dram().bytes() + " bytes)");
            }
            machine.dram().write(addr, bytes, 0, bytes.length);
        }
        List<long[]> outs = new ArrayList<>();
        List<Path> outFiles = new ArrayList<>();
        for (String out : dramOut) {
            Matcher mt = match(DRAM_OUT, "--dram-out", "ADDR:BYTES=FILE", out);
            long addr = number(mt.group(1));
            long bytes = number(mt.group(2));
            if (addr < 0 || bytes < 0 || bytes > Integer.MAX_VALUE || addr + bytes > config.dram().bytes()) {
                throw new ParameterException(spec.commandLine(), "--dram-out " + out + ": outside the machine's DRAM");
            }
            outs.add(new long[] {addr, bytes});
            outFiles.add(Path.of(mt.group(3)));
        }
        CountedRun run = CountedRun.keepingSteps(machine, m);
        int executed = run.run(p);
        Accounting accounting = run.accounting();
        for (int i = 0; i < outs.size(); i++) {
            byte[] bytes = new byte[(int) outs.get(i)[1]];
            machine.dram().read(outs.get(i)[0], bytes, 0, bytes.length);
            files.writeBytes(outFiles.get(i), bytes);
        }
        RunReport.Totals totals = RunReport.Totals.of(config, accounting, table);
        if (report != null) {
            RunReport r = new RunReport(program.getFileName().toString(), config, accounting, table);
            r.top().object("program").put("file", program.toString()).put("instructions", p.size()).put("executed", executed)
                    .put("sha256", p.sha256()).put("mode", m.name().toLowerCase(java.util.Locale.ROOT));
            ReportSection.ReportList layers = r.top().list("layers");
            for (Accounting.Step s : accounting.steps()) {
                if (s.insn() instanceof Gemm g) {
                    layers.addObject().put("name", "gemm@" + s.index()).put("instruction", Disassembler.disassemble(g))
                            .put("macs", s.cost().macs()).put("cycles", s.cost().cycles())
                            .put("compute_cycles", s.cost().scaleSimComputeCycles())
                            .put("start_cycle", s.slot().start()).put("end_cycle", s.slot().end())
                            .put("utilization", s.cost().cycles() == 0 ? 0
                                    : (double) s.cost().macs() / ((double) s.cost().cycles() * config.array().rows() * config.array().cols()))
                            .put("energy_pj", s.cost().actions().totalPicojoules(table));
                }
            }
            files.write(report, r::writeTo);
        }
        files.commit();
        var out = spec.commandLine().getOut();
        out.println(program + " on " + config.name() + " (" + config.array().rows() + "x" + config.array().cols() + "): "
                + executed + " instructions, " + totals.summary());
        out.flush();
    }

    private long number(String text) {
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "'" + text + "' is not a 64-bit number");
        }
    }
}
