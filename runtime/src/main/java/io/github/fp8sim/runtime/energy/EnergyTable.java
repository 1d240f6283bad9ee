package io.github.fp8sim.runtime.energy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * Energy per action, in picojoules, from a CSV technology table with columns
 * {@code action,energy_pj,per,source}: one row per {@link EnergyAction}, each citing where its number
 * comes from. The shipped table ({@code default-45nm-v1.csv}) uses Horowitz, ISSCC 2014 (45 nm) and
 * states how the FP8 MAC and SR costs were derived; users pass their own with {@code --energy-table}.
 */
public final class EnergyTable {

    /** The shipped table's resource name; the {@code v1} is the table format version. */
    public static final String DEFAULT_RESOURCE = "default-45nm-v1.csv";

    private final String name;
    private final Map<EnergyAction, Double> picojoules;
    private final Map<EnergyAction, String> sources;

    private EnergyTable(String name, Map<EnergyAction, Double> picojoules, Map<EnergyAction, String> sources) {
        this.name = name;
        this.picojoules = picojoules;
        this.sources = sources;
    }

    /** The shipped 45 nm table. */
    public static EnergyTable defaults() {
        try (InputStream in = EnergyTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default energy table " + DEFAULT_RESOURCE + " is missing from the build");
            }
            return parse(DEFAULT_RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code default} or a CSV file path. */
    public static EnergyTable load(String defaultOrPath) {
        return "default".equals(defaultOrPath) ? defaults() : read(Path.of(defaultOrPath));
    }

    /** Reads a table; errors are {@link EnergyTableException}s naming file, line and column. */
    public static EnergyTable read(Path file) {
        String text;
        try {
            text = InputFiles.readText(file);
        } catch (InputException e) {
            throw new EnergyTableException(e.getMessage());
        }
        return parse(file.toString(), new StringReader(text));
    }

    static EnergyTable parse(String name, Reader reader) {
        CsvTable table;
        try {
            table = CsvTable.parse(name, reader);
        } catch (InputException e) {
            throw new EnergyTableException(e.getMessage());
        }
        int actionColumn = column(table, "action");
        int energyColumn = column(table, "energy_pj");
        column(table, "per");
        int sourceColumn = column(table, "source");
        Map<EnergyAction, Double> pj = new EnumMap<>(EnergyAction.class);
        Map<EnergyAction, String> src = new EnumMap<>(EnergyAction.class);
        for (CsvTable.Row row : table.rows()) {
            EnergyAction action = action(name, row.line(), row.get(actionColumn));
            if (pj.containsKey(action)) {
                throw new EnergyTableException(name + ": line " + row.line() + ", column action: '" + action.key() + "' appears twice");
            }
            double value;
            try {
                value = Double.parseDouble(row.get(energyColumn));
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new EnergyTableException(name + ": line " + row.line() + ", column energy_pj: expected a non-negative number, got '"
                        + row.get(energyColumn) + "'");
            }
            pj.put(action, value);
            src.put(action, row.get(sourceColumn));
        }
        for (EnergyAction a : EnergyAction.values()) {
            if (!pj.containsKey(a)) {
                throw new EnergyTableException(name + ": no row for action '" + a.key() + "'");
            }
        }
        return new EnergyTable(name, pj, src);
    }

    private static int column(CsvTable table, String name) {
        try {
            return table.requireColumn(name);
        } catch (InputException e) {
            throw new EnergyTableException(e.getMessage() + "; expected action,energy_pj,per,source");
        }
    }

    private static EnergyAction action(String name, long line, String key) {
        for (EnergyAction a : EnergyAction.values()) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        StringBuilder known = new StringBuilder();
        for (EnergyAction a : EnergyAction.values()) {
            known.append(known.isEmpty() ? "" : ", ").append(a.key());
        }
        throw new EnergyTableException(name + ": line " + line + ", column action: unknown action '" + key + "' (expected one of " + known + ")");
    }

    public String name() {
        return name;
    }

    /** Energy of one action, pJ. */
    public double picojoules(EnergyAction action) {
        return picojoules.get(action);
    }

    /** Where the figure comes from. */
    public String source(EnergyAction action) {
        return sources.get(action);
    }
}
