package io.github.fp8sim.cli;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.io.Outputs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --machine}, {@code --array}, {@code --dataflow}, {@code --energy-table}: the machine a command runs on. */
public final class MachineOptions {

    private static final Pattern ARRAY = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--machine", defaultValue = Defaults.MACHINE, paramLabel = "M",
            description = "A preset (default, edge16, datacenter128) or a machine file (.json/.yaml) (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(names = "--array", paramLabel = "RxC", description = "Override the machine's array shape, e.g. 32x32.")
    String array;

    @Option(names = "--dataflow", paramLabel = "os|ws|is", description = "Override the machine's dataflow.")
    String dataflow;

    @Option(names = "--energy-table", paramLabel = "CSV",
            description = "Energy per action (action,energy_pj,per,source); default: the machine's table.")
    String energyTable;

    /** Declares the machine file and the energy table these options read, if any, as inputs of {@code files}. */
    public Outputs inputs(Outputs files) {
        return files.input("--machine", MachineFiles.namesFile(machine) ? Path.of(machine) : null)
                .input("--energy-table", energyTable == null || energyTable.equals("default") ? null : Path.of(energyTable));
    }

    /** The machine with the overrides applied. */
    public MachineConfig resolve() {
        MachineConfig m = MachineFiles.load(machine);
        if (array != null) {
            Matcher a = ARRAY.matcher(array.trim());
            if (!a.matches()) {
                throw new ParameterException(spec.commandLine(), "--array expects RxC, e.g. 16x16, got '" + array + "'");
            }
            m = m.withArray(Integer.parseInt(a.group(1)), Integer.parseInt(a.group(2)));
        }
        if (dataflow != null) {
            try {
                m = m.withDataflow(ArrayDataflow.parse(dataflow));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--dataflow: " + e.getMessage());
            }
        }
        return m;
    }

    /** The energy table: {@code --energy-table}, else the machine's. */
    public EnergyTable energyTable(MachineConfig m) {
        return EnergyTable.load(energyTable != null ? energyTable : m.energyTable());
    }
}
