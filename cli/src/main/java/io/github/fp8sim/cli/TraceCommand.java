package io.github.fp8sim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.traces.trace.CommitLog;
import io.github.fp8sim.traces.trace.Difference;
import io.github.fp8sim.traces.trace.Trace;
import io.github.fp8sim.traces.trace.TraceDiff;
import io.github.fp8sim.traces.trace.TraceReplayer;
import io.github.fp8sim.traces.trace.Tracing;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.compiler.CompiledProgram;
import io.github.fp8sim.workloads.compiler.TopologyCompiler;
import io.github.fp8sim.workloads.compiler.CompiledGraph;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.run.ModelMemory;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.TopologyRunner;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.Weights;
import io.github.fp8sim.workloads.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fp8sim trace}: record, replay, compare and view execution traces (docs/traces.md). */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Execution traces: one CSV row per executed instruction (unit, cycles, bytes moved, CRC-32C of "
                + "what it wrote), self-contained so a trace replays on its own. See docs/traces.md.",
        subcommands = {TraceCommand.Record.class, TraceCommand.Replay.class, TraceCommand.Diff.class, TraceCommand.Log.class})
public final class TraceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (record, replay, diff, log)");
    }

    /** {@code fp8sim trace record}. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Runs a program (as 'exec' does), a topology or a model (compiled as 'run' compiles them) and writes its trace.")
    static final class Record implements Callable<Integer> {
        private static final Pattern DRAM_IN = Pattern.compile("(.+)@(0[xX][0-9a-fA-F]+|\\d+)");

        @Spec
        CommandSpec spec;

        @Mixin
        MachineOptions machineOptions;

        @Parameters(paramLabel = "PROG", arity = "0..1", description = "Program: assembly text or a binary program file.")
        Path program;

        @Option(names = "--topology", paramLabel = "FILE.csv",
                description = "Instead of PROG: a SCALE-Sim topology, compiled as 'run' compiles it; in functional mode "
                        + "its seeded synthetic operands are recorded as the trace's DRAM inputs.")
        Path topology;

        @Option(names = "--model", paramLabel = "NAME",
                description = "Instead of PROG: a model by name (as 'run --model'), compiled as 'run' compiles it; in functional "
                        + "mode its weights and seeded synthetic inputs are recorded as the trace's DRAM inputs.")
        String model;

        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--seed", defaultValue = Defaults.SEED, paramLabel = "S",
                description = "Seed of a topology's synthetic operands, or of a model's seeded weights and inputs (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--mode", defaultValue = Defaults.PROGRAM_MODE, paramLabel = "functional|timing",
                description = "functional computes every value (and the CRCs of what each instruction wrote); timing only "
                        + "counts, and the writes column stays empty (default: ${DEFAULT-VALUE}).")
        Mode mode;

        @Option(names = "--dram-in", paramLabel = "FILE@ADDR",
                description = "Load a file's bytes into DRAM at ADDR before the run (recorded in the trace).")
        List<String> dramIn = new ArrayList<>();

        @Option(names = "--trace", required = true, paramLabel = "T.csv", description = "Write the trace here.")
        Path trace;

        @Option(names = "--log", paramLabel = "L.txt", description = "Also write the commit-log text view here.")
        Path log;

        @Override
        public Integer call() {
            if ((program != null ? 1 : 0) + (topology != null ? 1 : 0) + (model != null ? 1 : 0) != 1) {
                throw new ParameterException(spec.commandLine(), "give one of PROG, --topology FILE.csv or --model NAME");
            }
            if ((topology != null || model != null) && !dramIn.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--dram-in does not apply to --topology or --model (their DRAM "
                        + "inputs are made by the compiler)");
            }
            if (model == null && modelOptions.given(spec.commandLine())) {
                throw new ParameterException(spec.commandLine(), "--batch and --weights go with --model");
            }
            Outputs declared = machineOptions.inputs(new Outputs()).input("PROG", program).input("--topology", topology)
                    .input("--weights", modelOptions.weights);
            for (String in : dramIn) {
                Matcher mt = DRAM_IN.matcher(in);
                declared.input("--dram-in", mt.matches() ? Path.of(mt.group(1)) : null);     // a bad one is refused below
            }
            try (Outputs files = declared.output("--trace", trace).output("--log", log)) {
                return call(files);
            }
        }

        private Integer call(Outputs files) {
            Mode m = mode;
            MachineConfig config = machineOptions.resolve();
            List<Trace.DramImage> images = new ArrayList<>();
            Program p;
            CliProgress progress = CliProgress.on(spec.commandLine().getErr(), "trace record");
            if (model != null) {
                p = compileModel(config, m, images, progress);
            } else if (topology != null) {
                Topology topo = Topology.read(topology);
                CompiledProgram compiled = TopologyCompiler.compile(topo, config, OutputSpec.E5M2_RNE);
                TopologyRunner.check(topo, compiled, m, true);
                p = compiled.program();
                if (m == Mode.FUNCTIONAL) {
                    for (TopologyRunner.DramImage image : TopologyRunner.syntheticOperands(compiled, config, seed)) {
                        images.add(new Trace.DramImage(image.addr(), image.bytes()));
                    }
                }
            } else {
                p = ProgramFiles.read(program);
            }
            for (String in : dramIn) {
                Matcher mt = DRAM_IN.matcher(in);
                if (!mt.matches()) {
                    throw new ParameterException(spec.commandLine(), "--dram-in expects FILE@ADDR, got '" + in + "'");
                }
                long addr;
                try {
                    String a = mt.group(2);
                    addr = a.startsWith("0x") || a.startsWith("0X") ? Long.parseLong(a.substring(2), 16) : Long.parseLong(a);
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "--dram-in " + in + ": the address is not a 64-bit number");
                }
                images.add(new Trace.DramImage(addr, InputFiles.readAllBytes(Path.of(mt.group(1)))));
            }
            Trace t = Tracing.record(config, m, p, images, progress);
            files.write(trace, t::writeTo);
            if (log != null) {
                files.write(log, w -> w.write(CommitLog.of(t)));
            }
            files.commit();
            PrintWriter out = spec.commandLine().getOut();
            out.println(trace + ": " + t.rows().size() + " instructions, " + t.cycles() + " cycles, "
                    + m.name().toLowerCase(Locale.ROOT) + " mode, program sha256 " + p.sha256());
            out.flush();
            return ExitCode.OK;
        }

        /** Compiles {@code --model} as 'run' does; in functional mode its DRAM image goes to {@code images}. */
        private Program compileModel(MachineConfig config, Mode m, List<Trace.DramImage> images, CliProgress progress) {
            Graph graph = modelOptions.graph(spec.commandLine(), model);
            Weights w = modelOptions.weights(graph, seed);
            ModelMemory.check(graph, config, m, false, w.inMemory());
            ModelRunner.Options options = new ModelRunner.Options(m, seed, 1, null, false, false, progress);
            Map<String, FloatTensor> inputs = ModelRunner.inputs(graph, options);
            CompiledGraph compiled = ModelRunner.compile(graph, w, config, inputs, progress);
            if (m == Mode.FUNCTIONAL) {
                ModelRunner.dramImage(compiled, inputs, (addr, bytes) -> images.add(new Trace.DramImage(addr, bytes)));
            }
            return compiled.program();
        }
    }

    /** {@code fp8sim trace replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Re-executes the program recorded in a trace and checks every row: exit 0 when all match, "
                    + "1 at a difference (row, field, expected, actual), 2 for a damaged trace.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "T.csv", description = "The trace.")
        Path trace;

        @Option(names = "--continue", description = "Report every difference, not only the first.")
        boolean all;

        @Override
        public Integer call() {
            TraceReplayer.Result r = TraceReplayer.replay(Trace.read(trace), all);
            PrintWriter out = spec.commandLine().getOut();
            for (Difference d : r.differences()) {
                out.println(trace + ": " + d.describe());
            }
            if (r.matches()) {
                out.println(trace + ": " + r.recordedRows() + " rows replayed, all match");
            } else {
                out.println(trace + ": " + (all ? r.differences().size() + " differences" : "replay differs"));
            }
            out.flush();
            return r.matches() ? ExitCode.OK : ExitCode.MISMATCH;
        }
    }

    /** {@code fp8sim trace diff}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Compares two traces row by row: the first divergence and a summary (exit 0 identical, 1 different).")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A.csv", description = "The first trace.")
        Path a;

        @Parameters(index = "1", paramLabel = "B.csv", description = "The second trace.")
        Path b;

        @Override
        public Integer call() {
            TraceDiff.Result r = TraceDiff.diff(Trace.read(a), Trace.read(b));
            PrintWriter out = spec.commandLine().getOut();
            out.print(r.summary());
            out.flush();
            return r.identical() ? ExitCode.OK : ExitCode.MISMATCH;
        }
    }

    /** {@code fp8sim trace log}. */
    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Prints a trace as a commit log: one line per instruction (after Spike's --log-commits).")
    static final class Log implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "T.csv", description = "The trace.")
        Path trace;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(CommitLog.of(Trace.read(trace)));
            out.flush();
            return ExitCode.OK;
        }
    }
}
