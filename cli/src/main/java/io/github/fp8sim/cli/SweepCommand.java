package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.Locale;

import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.workloads.sweep.Sweep;
import io.github.fp8sim.workloads.sweep.SweepSpec;
import io.github.fp8sim.workloads.sweep.SweepSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim sweep}: a design-space sweep of machine-file axes over workloads. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Runs every point of a sweep spec (machine-file key paths and their values, over workloads) and writes "
                + "points.csv, points.jsonl and pareto.csv in --out; each point's figures are those of 'fp8sim run --report'.")
public final class SweepCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC.yaml", arity = "0..1", description = "The sweep spec, YAML or JSON (docs/formats/sweep.md).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "The folder for points.csv, points.jsonl and pareto.csv (made if missing).")
    Path out;

    @Option(names = "--threads", paramLabel = "T",
            description = "Points run at once (default: the available processors); the outputs are the same bytes for any T.")
    Integer threads;

    @Option(names = "--resume", description = "Finish the sweep whose points.jsonl is in --out: skip its finished points.")
    boolean resume;

    @Option(names = "--example", description = "Print a commented example spec and exit.")
    boolean example;

    @Override
    public void run() {
        var stdout = spec.commandLine().getOut();
        if (example) {
            if (specFile != null || out != null) {
                throw new ParameterException(spec.commandLine(), "--example takes no spec and no --out");
            }
            stdout.print(InputFiles.text("sweep example", readExample()));
            stdout.flush();
            return;
        }
        if (specFile == null || out == null) {
            throw new ParameterException(spec.commandLine(), "give a spec and --out DIR (or --example)");
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + t);
        }
        SweepSpec s = SweepSpecs.read(specFile);
        Sweep.Summary r = Sweep.run(s, new Sweep.Options(out, t, resume, CliProgress.on(spec.commandLine().getErr(), "sweep")));
        // the same line after a resume as after an uninterrupted run (stderr says how many points were finished)
        stdout.printf(Locale.ROOT, "%d points x %d workload%s = %d rows: %d ok, %d infeasible; %d on the Pareto front; wrote %s, %s, %s%n",
                r.points(), s.workloads().size(), s.workloads().size() == 1 ? "" : "s", r.rows(), r.ok(), r.infeasible(), r.pareto(),
                out.resolve(Sweep.POINTS_CSV), out.resolve(Sweep.POINTS_JSONL), out.resolve(Sweep.PARETO_CSV));
        stdout.flush();
    }

    private static byte[] readExample() {
        try (var in = SweepCommand.class.getResourceAsStream("/sweep-example.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the example spec is missing from the build", e);
        }
    }
}
