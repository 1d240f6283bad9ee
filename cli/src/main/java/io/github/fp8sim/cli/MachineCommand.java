package io.github.fp8sim.cli;

import java.util.Locale;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.config.Presets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim machine}: the presets, or one machine as a JSON file to start a design from. */
@Command(name = "machine",
        mixinStandardHelpOptions = true,
        description = "Lists the machine presets, or prints one machine (preset or file) as JSON in the machine-file schema.")
public final class MachineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "M", arity = "0..1", description = "A preset name or a machine file.")
    String machine;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        if (machine != null) {
            out.print(MachineFiles.toJson(MachineFiles.load(machine)));
            out.flush();
            return;
        }
        TextTable t = new TextTable("machine", "array", "dataflow", "clock", "scratchpad", "accumulator", "dram", "vector", "sr");
        for (String name : Presets.names()) {
            MachineConfig m = Presets.get(name);
            t.row(name, m.array().rows() + "x" + m.array().cols(), m.array().dataflow().cliName(),
                    String.format(Locale.ROOT, "%.2f GHz", m.clockGhz()),
                    kib(m.scratchpad().bytes()) + " / " + m.scratchpad().banks() + " banks",
                    kib(m.accumulator().bytes()) + " / " + m.accumulator().banks() + " banks",
                    String.format(Locale.ROOT, "%s B/cycle, %d cycles", trim(m.dram().bytesPerCycle()), m.dram().latencyCycles()),
                    m.vectorUnit().lanes() + " lanes",
                    m.sr().source().cliName() + " x" + m.srLanes() + ", r=" + m.sr().bits());
        }
        t.print(out);
    }

    private static String kib(long bytes) {
        return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
