package io.github.fp8sim.workloads.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineConfigException;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.workloads.models.ModelZoo;

/**
 * Reads a sweep spec (docs/formats/sweep.md), YAML or JSON by extension ({@code .json} is JSON, anything
 * else YAML), and checks it whole before any point runs. Every error is one line naming the file, the
 * line and column, and the key: an unknown key or key path, an empty axis, a value of the wrong type,
 * zip groups of different lengths, a filter over an unknown name, a filter that keeps no point, an
 * unknown objective.
 */
public final class SweepSpecs {

    /** The figures of a row that an objective may name, in the order of the outputs' columns. */
    public static final List<String> TOTALS = List.of("macs", "cycles", "compute_cycles", "seconds", "tops", "utilization",
            "energy_pj", "tops_per_watt");
    /** The figures a functional sweep adds. */
    public static final List<String> ACCURACY = List.of("min_layer_sqnr_db", "top1_agreement", "top5_agreement");

    private static final Set<String> TOP_KEYS = new LinkedHashSet<>(List.of("format_version", "base", "workloads", "mode",
            "seed", "axes", "zip", "where", "objectives"));
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SweepSpecs() {
    }

    /** Reads and checks the spec in {@code file}. */
    public static SweepSpec read(Path file) {
        String name = file.toString();
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(file, InputFiles.readText(file), !json);
    }

    /** Parses and checks a spec's text; {@code file} names it in messages. */
    public static SweepSpec parse(Path file, String text, boolean yaml) {
        Map<String, String> at = new HashMap<>();
        JsonNode root;
        try (JsonParser p = (yaml ? YAML : JSON).createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SweepSpecException(file + ": empty spec; expected an object with workloads and axes");
            }
            root = tree(p, "", at, file.toString());
            if (p.nextToken() != null) {
                throw new SweepSpecException(where(file.toString(), p.currentTokenLocation()) + ": more after the spec's object");
            }
        } catch (JacksonException e) {
            String problem = String.valueOf(e.getOriginalMessage()).lines().map(String::strip).filter(l -> !l.isEmpty())
                    .findFirst().orElse("unexpected text");
            throw new SweepSpecException(where(file.toString(), e.getLocation()) + ": malformed " + (yaml ? "YAML" : "JSON") + ": " + problem);
        } catch (IOException e) {
            throw new SweepSpecException(file + ": cannot read (" + e.getMessage() + ")");
        }
        at.putIfAbsent("", file + ":1:1");
        return new Checker(file, at).spec(root);
    }

    private static String where(String file, JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? file : file + ":" + l.getLineNr() + ":" + l.getColumnNr();
    }

    /** The tree at the parser's current token, recording where each key path starts. */
    private static JsonNode tree(JsonParser p, String path, Map<String, String> at, String file) throws IOException {
        at.putIfAbsent(path, where(file, p.currentTokenLocation()));
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    at.put(child, where(file, p.currentTokenLocation()));
                    p.nextToken();
                    o.set(key, tree(p, child, at, file));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(tree(p, path + "[" + i++ + "]", at, file));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? f.numberNode(p.getBigIntegerValue()) : f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new SweepSpecException(where(file, p.currentTokenLocation()) + ": " + path + ": unexpected " + p.currentToken());
        }
    }

    /** Checks the tree key by key, naming each key's place in errors. */
    private static final class Checker {
        private final Path file;
        private final Map<String, String> at;

        Checker(Path file, Map<String, String> at) {
            this.file = file;
            this.at = at;
        }

        SweepSpecException error(String key, String problem) {
            String where = at.getOrDefault(key, file.toString());
            return new SweepSpecException(where + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
        }

        SweepSpec spec(JsonNode root) {
            if (!root.isObject()) {
                throw error("", "expected an object with workloads and axes, got " + kind(root));
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!TOP_KEYS.contains(k)) {
                    throw error(k, "unknown key (expected one of " + String.join(", ", TOP_KEYS) + ")");
                }
            }
            if (root.has("format_version") && !(root.get("format_version").isIntegralNumber()
                    && root.get("format_version").asLong() == SweepSpec.FORMAT_VERSION)) {
                throw error("format_version", "expected " + SweepSpec.FORMAT_VERSION + ", got " + root.get("format_version"));
            }
            String base = root.has("base") ? text(root.get("base"), "base") : "default";
            MachineConfig machine;
            try {
                machine = MachineFiles.load(base);
            } catch (MachineConfigException e) {
                throw error("base", e.getMessage());
            }
            Mode mode = Mode.TIMING;
            if (root.has("mode")) {
                String m = text(root.get("mode"), "mode");
                mode = switch (m) {
                    case "timing" -> Mode.TIMING;
                    case "functional" -> Mode.FUNCTIONAL;
                    default -> throw error("mode", "expected timing or functional, got '" + m + "'");
                };
            }
            long seed = 1;
            if (root.has("seed")) {
                if (!root.get("seed").isIntegralNumber() || !root.get("seed").canConvertToLong()) {
                    throw error("seed", "expected an integer, got " + root.get("seed"));
                }
                seed = root.get("seed").asLong();
            }
            List<SweepSpec.Workload> workloads = workloads(root.get("workloads"));
            List<SweepSpec.Axis> axes = axes(root.get("axes"), machine);
            List<List<String>> zip = zip(root.get("zip"), axes);
            List<Filter> where = where(root.get("where"));
            List<SweepSpec.Objective> objectives = objectives(root.get("objectives"), mode);
            return new SweepSpec(file, base, machine, workloads, mode, seed, axes, zip, where, objectives, at);
        }

        private String text(JsonNode n, String key) {
            if (!n.isTextual()) {
                throw error(key, "expected a string, got " + kind(n));
            }
            return n.asText();
        }

        private List<SweepSpec.Workload> workloads(JsonNode n) {
            if (n == null) {
                throw error("", "workloads: missing; give a list such as [{model: resnet18, batch: 1}, {topology: examples/resnet18-conv.csv}]");
            }
            if (!n.isArray() || n.isEmpty()) {
                throw error("workloads", "expected a non-empty list of workloads, got " + kind(n));
            }
            List<SweepSpec.Workload> out = new ArrayList<>();
            Set<String> labels = new HashSet<>();
            for (int i = 0; i < n.size(); i++) {
                String key = "workloads[" + i + "]";
                JsonNode w = n.get(i);
                if (!w.isObject()) {
                    throw error(key, "expected {model: NAME, batch: N} or {topology: FILE.csv}, got " + kind(w));
                }
                for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!Set.of("model", "batch", "topology").contains(k)) {
                        throw error(key + "." + k, "unknown key (expected model and batch, or topology)");
                    }
                }
                SweepSpec.Workload workload;
                if (w.has("model") == w.has("topology")) {
                    throw error(key, "give exactly one of model and topology");
                } else if (w.has("model")) {
                    String model = text(w.get("model"), key + ".model");
                    if (!ModelZoo.names().contains(model)) {
                        throw error(key + ".model", "unknown model '" + model + "' (known: " + String.join(", ", ModelZoo.names()) + ")");
                    }
                    int batch = 1;
                    if (w.has("batch")) {
                        JsonNode b = w.get("batch");
                        if (!b.isIntegralNumber() || !b.canConvertToInt() || b.asInt() < 1) {
                            throw error(key + ".batch", "expected an integer of at least 1, got " + b);
                        }
                        batch = b.asInt();
                    }
                    workload = new SweepSpec.Workload(model, batch, null);
                } else {
                    if (w.has("batch")) {
                        throw error(key + ".batch", "batch goes with model, not topology");
                    }
                    workload = new SweepSpec.Workload(null, 0, Path.of(text(w.get("topology"), key + ".topology")));
                }
                if (!labels.add(workload.label())) {
                    throw error(key, "'" + workload.label() + "' is listed twice");
                }
                out.add(workload);
            }
            return out;
        }

        private List<SweepSpec.Axis> axes(JsonNode n, MachineConfig machine) {
            if (n == null) {
                return List.of();
            }
            if (!n.isObject()) {
                throw error("axes", "expected an object of machine key paths and their values, got " + kind(n));
            }
            List<String> keys = MachineFiles.keyPaths();
            JsonNode baseTree = MachineFiles.toTree(machine);
            List<SweepSpec.Axis> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "axes." + e.getKey();
                if (!keys.contains(e.getKey())) {
                    throw error(key, "unknown key path (expected a machine-file key, one of " + String.join(", ", keys) + ")");
                }
                JsonNode values = e.getValue();
                if (!values.isArray()) {
                    throw error(key, "expected a list of values, got " + kind(values));
                }
                if (values.isEmpty()) {
                    throw error(key, "empty axis; give at least one value");
                }
                JsonNode like = MachineFiles.at(baseTree, e.getKey());
                List<JsonNode> vs = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    JsonNode v = values.get(i);
                    String problem = typeProblem(like, v);
                    if (problem != null) {
                        throw error(key + "[" + i + "]", problem);
                    }
                    vs.add(v);
                }
                out.add(new SweepSpec.Axis(e.getKey(), vs));
            }
            return out;
        }

        private List<List<String>> zip(JsonNode n, List<SweepSpec.Axis> axes) {
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw error("zip", "expected a list of groups of axes, e.g. [[array.rows, array.cols]], got " + kind(n));
            }
            List<List<String>> out = new ArrayList<>();
            Set<String> zipped = new HashSet<>();
            for (int g = 0; g < n.size(); g++) {
                String key = "zip[" + g + "]";
                JsonNode group = n.get(g);
                if (!group.isArray() || group.size() < 2) {
                    throw error(key, "expected a list of at least two axes, got " + group);
                }
                List<String> names = new ArrayList<>();
                int length = -1;
                String first = null;
                for (int i = 0; i < group.size(); i++) {
                    String k = key + "[" + i + "]";
                    String axis = text(group.get(i), k);
                    SweepSpec.Axis a = axes.stream().filter(x -> x.key().equals(axis)).findFirst()
                            .orElseThrow(() -> error(k, "'" + axis + "' is not an axis"));
                    if (!zipped.add(axis)) {
                        throw error(k, "'" + axis + "' is in a zip group already");
                    }
                    if (length >= 0 && a.values().size() != length) {
                        throw error(k, "axis " + axis + " has " + a.values().size() + " values but " + first + " has " + length
                                + "; zipped axes need the same number of values");
                    }
                    if (length < 0) {
                        length = a.values().size();
                        first = axis;
                    }
                    names.add(axis);
                }
                out.add(names);
            }
            return out;
        }

        private List<Filter> where(JsonNode n) {
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw error("where", "expected a list of filters, e.g. [\"scratchpad.bytes >= 256 * array.rows\"], got " + kind(n));
            }
            Set<String> names = new HashSet<>(MachineFiles.keyPaths());
            List<Filter> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                String key = "where[" + i + "]";
                String text = text(n.get(i), key);
                try {
                    out.add(Filter.parse(text, names));
                } catch (IllegalArgumentException e) {
                    throw error(key, "'" + text + "': " + e.getMessage());
                }
            }
            return out;
        }

        private List<SweepSpec.Objective> objectives(JsonNode n, Mode mode) {
            List<String> known = new ArrayList<>(TOTALS);
            if (mode == Mode.FUNCTIONAL) {
                known.addAll(ACCURACY);
            }
            if (n == null) {
                return List.of(new SweepSpec.Objective("cycles", false), new SweepSpec.Objective("energy_pj", false));
            }
            if (!n.isArray() || n.isEmpty()) {
                throw error("objectives", "expected a non-empty list of figures, e.g. [cycles, energy_pj], got " + kind(n));
            }
            List<SweepSpec.Objective> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                String key = "objectives[" + i + "]";
                String text = text(n.get(i), key);
                boolean max = text.startsWith("-");
                String name = max ? text.substring(1) : text;
                if (!known.contains(name)) {
                    throw error(key, "unknown objective '" + name + "' (expected one of " + String.join(", ", known)
                            + (mode == Mode.TIMING ? "; accuracy figures need mode: functional" : "") + ", '-' before one to maximise it)");
                }
                out.add(new SweepSpec.Objective(name, max));
            }
            return out;
        }
    }

    /** Why {@code v} cannot stand where the machine file has {@code like}, or null if it can. */
    static String typeProblem(JsonNode like, JsonNode v) {
        if (like.isIntegralNumber()) {
            return v.isIntegralNumber() && v.canConvertToLong() ? null : "expected an integer, got " + kind(v) + " " + v;
        }
        if (like.isNumber()) {
            return v.isNumber() ? null : "expected a number, got " + kind(v) + " " + v;
        }
        if (like.isTextual()) {
            return v.isTextual() ? null : "expected a string, got " + kind(v) + " " + v;
        }
        if (like.isArray()) {
            if (v.isArray()) {
                for (JsonNode e : v) {
                    if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                        return "expected a list of integers, got " + v;
                    }
                }
                return null;
            }
            return "expected a list of integers, got " + kind(v) + " " + v;
        }
        return null;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
