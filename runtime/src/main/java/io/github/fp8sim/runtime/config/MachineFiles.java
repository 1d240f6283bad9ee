package io.github.fp8sim.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/**
 * Machine description files, JSON or YAML (by extension; {@code .yaml}/{@code .yml} are YAML),
 * read with Jackson into a tree and mapped by hand so that every error names its key path.
 *
 * <p>Schema (every key optional when {@code base} names a preset, whose values are then overridden;
 * otherwise every key but {@code base} and {@code numerics.accumulation}, default {@code fp32}, is required):
 * <pre>
 * { "base": "edge16", "name": "my-edge", "clock_ghz": 1.0,
 *   "array": {"rows": 16, "cols": 16, "dataflow": "ws"},
 *   "numerics": {"a_format": "e5m2", "b_format": "e5m2", "accumulator": "fp32", "chunk": 0, "nan_policy": "mldtypes",
 *                "accumulation": "fp32"},
 *   "sr": {"source": "lfsr", "lanes": 0, "lfsr_width": 32, "lfsr_taps": [32, 22, 2, 1], "seed": 1, "bits": 8},
 *   "scratchpad": {"bytes": 262144, "banks": 4, "bytes_per_cycle_per_bank": 16},
 *   "accumulator": {"bytes": 65536, "banks": 2, "bytes_per_cycle_per_bank": 16},
 *   "dram": {"bytes": 4294967296, "bytes_per_cycle": 16, "latency_cycles": 100},
 *   "vector_unit": {"lanes": 16},
 *   "energy_table": "default" }
 * </pre>
 * Unknown keys are errors. {@link #toJson} writes the same schema, so a preset can be dumped, edited
 * and read back.
 */
public final class MachineFiles {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** A location inside a Jackson message, e.g. {@code [Source: REDACTED (...); line: 1, column: 1]}. */
    private static final Pattern JACKSON_LOCATION = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");
    /** A location line in a YAML message: {@code  in 'reader', line 4, column 8:}. */
    private static final Pattern YAML_MARK = Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("base", "name", "clock_ghz", "array", "numerics", "sr", "scratchpad", "accumulator", "dram",
                    "vector_unit", "energy_table"),
            "array", Set.of("rows", "cols", "dataflow"),
            "numerics", Set.of("a_format", "b_format", "accumulator", "chunk", "nan_policy", "accumulation"),
            "sr", Set.of("source", "lanes", "lfsr_width", "lfsr_taps", "seed", "bits"),
            "scratchpad", Set.of("bytes", "banks", "bytes_per_cycle_per_bank"),
            "accumulator", Set.of("bytes", "banks", "bytes_per_cycle_per_bank"),
            "dram", Set.of("bytes", "bytes_per_cycle", "latency_cycles"),
            "vector_unit", Set.of("lanes"));

    private MachineFiles() {
    }

    /**
     * A machine by preset name or file path. Errors are {@link MachineConfigException}s whose message
     * starts with the file name and names the key (and line and column for syntax errors).
     */
    public static MachineConfig load(String presetOrPath) {
        return namesFile(presetOrPath) ? read(Path.of(presetOrPath)) : Presets.get(presetOrPath);
    }

    /** Whether {@link #load} reads {@code presetOrPath} as a file (it has a dot or a slash) rather than a preset. */
    public static boolean namesFile(String presetOrPath) {
        return presetOrPath.contains(".") || presetOrPath.contains("/");
    }

    /** Reads a machine file. */
    public static MachineConfig read(Path file) {
        String name = file.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
        JsonNode root = tree(mapper, name, readText(file));
        MachineConfig m;
        try {
            m = fromTree(root);
        } catch (MachineConfigException e) {
            throw new MachineConfigException(name + ": " + e.getMessage());
        }
        if (!m.energyTable().equals("default") && !Files.isRegularFile(Path.of(m.energyTable()))) {
            throw new MachineConfigException(name + ": energy_table: no such file '" + m.energyTable()
                    + "' (expected 'default' or the path of a CSV energy table, relative to the current folder)");
        }
        return m;
    }

    /** The file's text; a missing file or one that is not UTF-8 is a {@link MachineConfigException}. */
    private static String readText(Path file) {
        try {
            return InputFiles.readText(file);
        } catch (InputException e) {
            throw new MachineConfigException(e.getMessage());
        }
    }

    /** Parses a JSON/YAML text (for tests and tools); {@code yaml} picks the syntax. */
    public static MachineConfig parse(String text, boolean yaml) {
        return fromTree(tree(yaml ? YAML : JSON, null, text));
    }

    /**
     * The document's tree; a syntax error is one line, {@code FILE:LINE:COLUMN: malformed JSON: what was
     * expected} ({@code line L, column C: ...} without a file name), never Jackson's or SnakeYAML's
     * multi-line text with source excerpts.
     */
    private static JsonNode tree(ObjectMapper mapper, String name, String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw syntaxError(name, mapper == YAML ? "YAML" : "JSON", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MachineConfigException((name == null ? "" : name + ": ") + "empty document; expected an object of machine settings");
        }
        return root;
    }

    /** Jackson's exception as one line: where, then what was expected. */
    private static MachineConfigException syntaxError(String name, String syntax, JacksonException e) {
        String problem = String.valueOf(e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        long line = at == null ? -1 : at.getLineNr();
        long column = at == null ? -1 : at.getColumnNr();
        if (problem.contains("\n")) {
            // SnakeYAML's text: [context, mark, excerpt,] problem, mark, excerpt (the last mark is the problem's)
            List<String> said = new ArrayList<>();
            boolean excerpt = false;
            for (String l : problem.split("\\R")) {
                Matcher mark = YAML_MARK.matcher(l);
                if (mark.matches()) {
                    line = Long.parseLong(mark.group(1));
                    column = Long.parseLong(mark.group(2));
                    excerpt = true;
                } else if (!(excerpt && (l.isBlank() || l.startsWith("    "))) && !l.isBlank()) {
                    said.add(l.strip());
                    excerpt = false;
                }
            }
            problem = said.isEmpty() ? "unexpected text"
                    : said.get(said.size() - 1) + (said.size() > 1 ? " (" + String.join("; ", said.subList(0, said.size() - 1)) + ")" : "");
        }
        problem = JACKSON_LOCATION.matcher(problem).replaceAll("line $1, column $2");
        if (problem.startsWith("Duplicate field '")) {
            problem = "duplicate key " + problem.substring("Duplicate field ".length()) + " (each key may appear once)";
        } else if (problem.startsWith("Trailing token")) {
            problem = "more after the machine's object; expected the end of the file";
        }
        String where = line < 1 ? (name == null ? "" : name + ": ")
                : name == null ? "line " + line + ", column " + column + ": " : name + ":" + line + ":" + column + ": ";
        return new MachineConfigException(where + "malformed " + syntax + ": " + problem);
    }

    /** The machine as a JSON document in the file schema (no {@code base}). */
    public static String toJson(MachineConfig m) {
        try {
            return JSON.writeValueAsString(toTree(m)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The machine as a JSON tree in the file schema. */
    public static ObjectNode toTree(MachineConfig m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", m.name());
        root.put("clock_ghz", m.clockGhz());
        ObjectNode array = root.putObject("array");
        array.put("rows", m.array().rows());
        array.put("cols", m.array().cols());
        array.put("dataflow", m.array().dataflow().cliName());
        ObjectNode num = root.putObject("numerics");
        num.put("a_format", m.numerics().aFormat().name());
        num.put("b_format", m.numerics().bFormat().name());
        num.put("accumulator", m.numerics().accumulator().name());
        num.put("chunk", m.numerics().chunk());
        num.put("nan_policy", m.numerics().nanPolicy().cliName());
        // Only a non-default mode is written, so that fp32 machines (and the traces that embed them) read as before.
        if (m.numerics().accumulation().isFused()) {
            num.put("accumulation", m.numerics().accumulation().modeName());
        }
        ObjectNode sr = root.putObject("sr");
        sr.put("source", m.sr().source().cliName());
        sr.put("lanes", m.sr().lanes());
        sr.put("lfsr_width", m.sr().lfsrWidth());
        ArrayNode taps = sr.putArray("lfsr_taps");
        m.sr().lfsrTaps().forEach(taps::add);
        sr.put("seed", m.sr().seed());
        sr.put("bits", m.sr().bits());
        sramTree(root.putObject("scratchpad"), m.scratchpad());
        sramTree(root.putObject("accumulator"), m.accumulator());
        ObjectNode dram = root.putObject("dram");
        dram.put("bytes", m.dram().bytes());
        dram.put("bytes_per_cycle", m.dram().bytesPerCycle());
        dram.put("latency_cycles", m.dram().latencyCycles());
        root.putObject("vector_unit").put("lanes", m.vectorUnit().lanes());
        root.put("energy_table", m.energyTable());
        return root;
    }

    /**
     * Every settable key path of the schema (e.g. {@code array.rows}, {@code sr.lfsr_taps}), in the
     * order {@link #toTree} writes them; {@code base} is not one.
     */
    public static List<String> keyPaths() {
        List<String> out = new ArrayList<>();
        leaves("", toTree(Presets.get(Presets.DEFAULT)), out);
        return out;
    }

    private static void leaves(String prefix, JsonNode node, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                leaves(key, e.getValue(), out);
            } else {
                out.add(key);
            }
        }
    }

    /** The value at {@code keyPath} of a machine tree in the file schema ({@link #toTree}), or null if it has none. */
    public static JsonNode at(JsonNode tree, String keyPath) {
        JsonNode n = tree;
        for (String part : keyPath.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    /**
     * {@code base}'s tree ({@link #toTree}) with the value at each key path replaced, not yet checked;
     * {@link #fromTree(JsonNode)} (through {@link #withOverrides}) reads and validates it as a machine file.
     */
    public static ObjectNode overridden(MachineConfig base, Map<String, JsonNode> overrides) {
        ObjectNode tree = toTree(base);
        for (Map.Entry<String, JsonNode> e : overrides.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            ObjectNode parent = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.withObjectProperty(parts[i]);
            }
            parent.set(parts[parts.length - 1], e.getValue());
        }
        return tree;
    }

    /**
     * {@code base} with the value at each key path replaced, read and validated as a machine file is;
     * a {@link MachineConfigException} names the key path.
     */
    public static MachineConfig withOverrides(MachineConfig base, Map<String, JsonNode> overrides) {
        return fromTree(overridden(base, overrides));
    }

    private static void sramTree(ObjectNode node, MachineConfig.Sram s) {
        node.put("bytes", s.bytes());
        node.put("banks", s.banks());
        node.put("bytes_per_cycle_per_bank", s.bytesPerCyclePerBank());
    }

    static MachineConfig fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MachineConfigException("expected an object at the top level");
        }
        checkKeys("", root);
        JsonNode merged = root;
        if (root.has("base")) {
            JsonNode base = root.get("base");
            if (!base.isTextual() || !Presets.names().contains(base.asText())) {
                throw new MachineConfigException("base: " + (base.isTextual() ? "unknown preset '" + base.asText() + "'" : "got " + base)
                        + " (expected one of " + String.join(", ", Presets.names()) + "; base names a preset, not a file)");
            }
            ObjectNode tree = toTree(Presets.get(base.asText()));
            merge(tree, (ObjectNode) root);
            tree.remove("base");
            if (!root.has("name")) {
                tree.put("name", base.asText());
            }
            merged = tree;
        }
        Tree t = new Tree(merged);
        return new MachineConfig(
                t.text("name"),
                t.number("clock_ghz"),
                new MachineConfig.Array(t.integer("array.rows"), t.integer("array.cols"),
                        t.parsed("array.dataflow", ArrayDataflow::parse)),
                new MachineConfig.Numerics(t.parsed("numerics.a_format", FloatFormat::parse),
                        t.parsed("numerics.b_format", FloatFormat::parse),
                        t.parsed("numerics.accumulator", FloatFormat::parse),
                        t.integer("numerics.chunk"),
                        t.parsed("numerics.nan_policy", NanPolicy::parse),
                        t.has("numerics.accumulation")
                                ? t.parsed("numerics.accumulation", Accumulation::parseMode) : Accumulation.FP32),
                new MachineConfig.Sr(t.parsed("sr.source", RandomKind::parse), t.integer("sr.lanes"),
                        t.integer("sr.lfsr_width"), t.integerList("sr.lfsr_taps"), t.longValue("sr.seed"), t.integer("sr.bits")),
                sram(t, "scratchpad"),
                sram(t, "accumulator"),
                new MachineConfig.Dram(t.longValue("dram.bytes"), t.number("dram.bytes_per_cycle"), t.integer("dram.latency_cycles")),
                new MachineConfig.VectorUnit(t.integer("vector_unit.lanes")),
                t.text("energy_table"));
    }

    private static MachineConfig.Sram sram(Tree t, String key) {
        return new MachineConfig.Sram(t.longValue(key + ".bytes"), t.integer(key + ".banks"),
                t.integer(key + ".bytes_per_cycle_per_bank"));
    }

    private static void checkKeys(String path, JsonNode node) {
        Set<String> allowed = KEYS.get(path);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (!allowed.contains(e.getKey())) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw new MachineConfigException(key + ": unknown key (expected one of " + String.join(", ", sorted) + ")");
            }
            if (KEYS.containsKey(key)) {
                if (!e.getValue().isObject()) {
                    throw new MachineConfigException(key + ": expected an object");
                }
                checkKeys(key, e.getValue());
            }
        }
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Typed access by dotted key path, with messages that name the path. */
    private record Tree(JsonNode root) {
        /** True when the optional key {@code path} is given (and not null). */
        boolean has(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            return n != null && !n.isNull();
        }

        JsonNode node(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            if (n == null || n.isNull()) {
                throw new MachineConfigException(path + ": missing (give it, or set 'base' to a preset)");
            }
            return n;
        }

        String text(String path) {
            JsonNode n = node(path);
            if (!n.isTextual()) {
                throw new MachineConfigException(path + ": expected a string, got " + n);
            }
            return n.asText();
        }

        double number(String path) {
            JsonNode n = node(path);
            if (!n.isNumber()) {
                throw new MachineConfigException(path + ": expected a number, got " + n);
            }
            return n.asDouble();
        }

        long longValue(String path) {
            JsonNode n = node(path);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw new MachineConfigException(path + ": expected an integer, got " + n);
            }
            return n.asLong();
        }

        int integer(String path) {
            long v = longValue(path);
            if (v != (int) v) {
                throw new MachineConfigException(path + ": " + v + " is too large");
            }
            return (int) v;
        }

        List<Integer> integerList(String path) {
            JsonNode n = node(path);
            if (!n.isArray()) {
                throw new MachineConfigException(path + ": expected a list of integers, got " + n);
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw new MachineConfigException(path + ": expected a list of integers, got " + n);
                }
                out.add(e.asInt());
            }
            return out;
        }

        <T> T parsed(String path, Function<String, T> parser) {
            String text = text(path);
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new MachineConfigException(path + ": " + e.getMessage());
            }
        }
    }
}
