package io.github.fp8sim.cli;

import io.github.fp8sim.isa.IsaException;
import io.github.fp8sim.runtime.io.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fp8sim} command. Subcommands only parse options into the datapath's and runtime's
 * immutable configuration and call the Java API; exit codes are decided here, in one place.
 */
@Command(name = "fp8sim",
        mixinStandardHelpOptions = true,
        versionProvider = Fp8sim.Version.class,
        description = "A bit-exact, cycle-approximate simulator of an FP8 deep-learning accelerator.",
        subcommands = {
                DemoCommand.class,
                FormatsCommand.class,
                DecodeCommand.class,
                QuantizeCommand.class,
                MachineCommand.class,
                AsmCommand.class,
                DisasmCommand.class,
                ExecCommand.class,
                GemmCommand.class,
                RunCommand.class,
                SweepCommand.class,
                TrainCommand.class,
                ExperimentCommand.class,
                TraceCommand.class,
                VectorsCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Fp8sim implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line in-process and returns its exit code ({@link ExitCode}). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    /** The configured picocli command line (for tests and tools). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Fp8sim());
        Converters.register(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // messages start with the full command, e.g. "fp8sim trace record: ..."
        cli.setExecutionStrategy(Fp8sim::executeCatchingErrors);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine bad = ex.getCommandLine();
            String command = bad.getCommandSpec().qualifiedName();
            bad.getErr().println(command + ": " + ex.getMessage() + " (see '" + command + " --help')");
            return ExitCode.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, bad, parseResult) -> {
            String command = bad.getCommandSpec().qualifiedName();
            if (ex instanceof InputException || ex instanceof IsaException) {
                bad.getErr().println(command + ": " + ex.getMessage());
                return ExitCode.BAD_INPUT;
            }
            bad.getErr().println(command + ": internal error: " + ex
                    + (ex.getStackTrace().length > 0 ? " at " + ex.getStackTrace()[0] : "")
                    + " (please report this with the command line)");
            debugTrace(bad, ex);
            return ExitCode.INTERNAL;
        });
        return cli;
    }

    /** Set (to anything but 0) to add the stack trace under an internal error's one line. */
    static final String DEBUG_ENV = "FP8SIM_DEBUG";

    /**
     * Runs the parsed command; an {@link Error} (out of memory, a stack overflow), which picocli lets
     * through, becomes one line and exit 3: a limit of this JVM was hit, no stack trace.
     */
    private static int executeCatchingErrors(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            CommandLine bad = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            String what = switch (e) {
                case OutOfMemoryError oom -> "ran out of memory (" + oom.getMessage() + "; the JVM has "
                        + io.github.fp8sim.runtime.memory.HeapBudget.size(Runtime.getRuntime().maxMemory())
                        + "): give it more with FP8SIM_JAVA_OPTS=-Xmx..., or make the job smaller";
                case StackOverflowError so -> "ran out of stack (set FP8SIM_JAVA_OPTS=-Xss... to give threads more)";
                default -> "internal limit: " + e;
            };
            bad.getErr().println((bad.getCommandName().equals("fp8sim") ? "fp8sim" : "fp8sim " + bad.getCommandName()) + ": " + what);
            debugTrace(bad, e);
            bad.getErr().flush();
            return ExitCode.INTERNAL;
        }
    }

    private static void debugTrace(CommandLine bad, Throwable t) {
        String debug = System.getenv(DEBUG_ENV);
        if (debug != null && !debug.isEmpty() && !debug.equals("0")) {
            t.printStackTrace(bad.getErr());
        }
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Fp8sim.class.getResourceAsStream("/fp8sim-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"fp8sim " + p.getProperty("version", "unknown")
                    + " (Java " + Runtime.version() + ", " + System.getProperty("os.arch") + ")"};
        }
    }
}
