package io.github.fp8sim.workloads.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.runtime.io.Outputs;
import io.github.fp8sim.runtime.progress.Progress;
import io.github.fp8sim.runtime.report.RunReport;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.run.ModelRunner;
import io.github.fp8sim.workloads.run.RunReports;
import io.github.fp8sim.workloads.run.TopologyRunner;
import io.github.fp8sim.workloads.topology.Topology;
import io.github.fp8sim.workloads.weights.Weights;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The local sweep engine: runs every point of a spec on a fixed pool of threads and writes, in the
 * output folder, {@code points.jsonl} (one JSON line per (point, workload), with per-layer figures),
 * {@code points.csv} (the same rows without the layers) and {@code pareto.csv} (per workload, the
 * feasible rows no other feasible row of that workload dominates on the objectives).
 *
 * <p>A row's figures are taken from the {@link RunReport} that {@code fp8sim run --report} writes for
 * the same machine and workload ({@link RunReports}), so they are the same bits. A machine that is
 * invalid or that the compiler, DRAM or SRAM checks refuse gives {@code status=infeasible} and the
 * reason, not an error.
 *
 * <p>Nothing is lost: the points are appended to {@code points.jsonl} whole (all of a point's rows in one
 * write) and in point order whatever the thread count, so a killed sweep leaves a prefix of the
 * uninterrupted file plus at most one partial point; {@code resume} drops the partial tail, runs the
 * points after the last whole one and ends with the same bytes. {@code points.csv} and {@code
 * pareto.csv} are derived from {@code points.jsonl} at the end and written atomically.
 */
public final class Sweep {

    public static final String POINTS_JSONL = "points.jsonl";
    public static final String POINTS_CSV = "points.csv";
    public static final String PARETO_CSV = "pareto.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How to run: the output folder, threads, whether to resume a sweep there, and where to show progress. */
    public record Options(Path out, int threads, boolean resume, Progress progress) {
    }

    /**
     * What a sweep did: points and rows in all, rows feasible and not, rows on the Pareto fronts, and
     * points already finished when it started (resumed).
     */
    public record Summary(int points, int rows, int ok, int infeasible, int pareto, int resumed) {
    }

    private Sweep() {
    }

    /** Runs {@code spec} as {@code o} says. */
    public static Summary run(SweepSpec spec, Options o) {
        if (o.threads() < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + o.threads());
        }
        List<Points.Point> points = Points.of(spec);
        List<Topology> topologies = new ArrayList<>();
        for (SweepSpec.Workload w : spec.workloads()) {
            topologies.add(w.topology() == null ? null : Topology.read(w.topology()));
        }
        if (Files.exists(o.out()) && !Files.isDirectory(o.out())) {
            throw new InputException("--out " + o.out() + ": a file, not a folder; expected a folder for the sweep's outputs");
        }
        try {
            Files.createDirectories(o.out());
        } catch (IOException e) {
            throw new InputException("--out " + o.out() + ": cannot make the folder (" + e.getMessage() + ")");
        }
        Path jsonl = o.out().resolve(POINTS_JSONL);
        int done = 0;
        if (Files.exists(jsonl)) {
            if (!o.resume()) {
                throw new InputException(jsonl + ": exists; add --resume to finish that sweep, or choose another --out");
            }
            done = resumeFrom(spec, points, jsonl);
        }
        Progress progress = Progress.orNone(o.progress());
        if (done > 0) {
            progress.say("resuming: " + done + " of " + points.size() + " points were finished");
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        try (FileChannel ch = FileChannel.open(jsonl, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             Progress.Task task = progress.task("sweep: points", points.size())) {
            task.step(done);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = done; i < points.size(); i++) {
                Points.Point p = points.get(i);
                futures.add(pool.submit(() -> lines(spec, p, topologies)));
            }
            for (Future<String> f : futures) {                      // in point order, whatever finishes first
                ByteBuffer b = ByteBuffer.wrap(get(f).getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(false);
                task.step(1);
            }
        } catch (IOException e) {
            throw new InputException(jsonl + ": cannot write (" + e.getMessage() + ")");
        } finally {
            pool.shutdownNow();
        }
        return finish(spec, o.out(), points.size(), done);
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The lines of one point: a JSON row per workload, each ending with a newline. */
    static String lines(SweepSpec spec, Points.Point p, List<Topology> topologies) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < spec.workloads().size(); w++) {
            try {
                sb.append(JSON.writeValueAsString(row(spec, p, spec.workloads().get(w), topologies.get(w)))).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    /** The row of {@code p} running {@code w}: its figures from the run's report, or why it cannot run. */
    static ObjectNode row(SweepSpec spec, Points.Point p, SweepSpec.Workload w, Topology topology) {
        RunReport report = null;
        String reason = "";
        try {
            report = report(spec, p, w, topology);
        } catch (InputException | IllegalArgumentException e) {    // an invalid machine, or a compiler, DRAM or SRAM refusal
            reason = String.valueOf(e.getMessage());
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("point", p.index());
        row.put("workload", w.label());
        for (Map.Entry<String, JsonNode> v : p.values().entrySet()) {
            row.set(v.getKey(), v.getValue());
        }
        row.put("status", report == null ? "infeasible" : "ok");
        row.put("reason", reason);
        JsonNode tree = report == null ? null : report.tree();
        for (String t : SweepSpecs.TOTALS) {
            row.set(t, tree == null ? null : tree.get("totals").get(t));
        }
        if (spec.mode() == Mode.FUNCTIONAL) {
            JsonNode acc = tree == null ? null : tree.get("accuracy");
            JsonNode out = acc == null || acc.get("outputs") == null || acc.get("outputs").isEmpty() ? null : acc.get("outputs").get(0);
            row.set("min_layer_sqnr_db", acc == null ? null : acc.get("min_layer_sqnr_db"));
            row.set("top1_agreement", out == null ? null : out.get("top1_agreement"));
            row.set("top5_agreement", out == null ? null : out.get("top5_agreement"));
        }
        row.set("layers", tree == null ? JSON.createArrayNode() : tree.get("layers"));
        return row;
    }

    /** The report {@code fp8sim run --report} writes for this machine and workload. */
    static RunReport report(SweepSpec spec, Points.Point p, SweepSpec.Workload w, Topology topology) {
        MachineConfig machine;
        try {
            machine = MachineFiles.withOverrides(spec.baseMachine(), p.values());
        } catch (InputException e) {
            throw new InputException("machine: " + e.getMessage());
        }
        EnergyTable table = EnergyTable.load(machine.energyTable());
        if (topology != null) {
            TopologyRunner.Result r = TopologyRunner.run(topology, machine, table, spec.mode(), spec.seed(), 1, Progress.NONE);
            return RunReports.topology(topology, machine, table, spec.mode(), r);
        }
        Graph graph = ModelZoo.build(w.model(), w.batch());
        Weights weights = Weights.seeded(graph, spec.seed());
        ModelRunner.Result r = ModelRunner.run(graph, weights, machine, table,
                new ModelRunner.Options(spec.mode(), spec.seed(), 1, null, true, false, Progress.NONE));
        return RunReports.model(graph, machine, table, spec.mode(), w.batch(), spec.seed(), r);
    }

    /**
     * Checks the finished points in {@code jsonl} against the spec, cuts off a partial last point, and
     * returns how many points are finished.
     */
    private static int resumeFrom(SweepSpec spec, List<Points.Point> points, Path jsonl) {
        byte[] bytes = InputFiles.readAllBytes(jsonl);
        int perPoint = spec.workloads().size();
        int start = 0;
        long keep = 0;
        int rows = 0;
        int line = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            line++;
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            JsonNode row;
            try {
                row = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw InputException.at(jsonl.toString(), line, null, "not a row of this sweep (malformed JSON); choose another --out");
            }
            int point = rows / perPoint;
            int w = rows % perPoint;
            if (point >= points.size() || !matches(row, points.get(point), spec.workloads().get(w))) {
                throw InputException.at(jsonl.toString(), line, null, "is not point " + point + " with workload '"
                        + (point < points.size() ? spec.workloads().get(w).label() : "-") + "' of this spec; resume with the spec that started "
                        + "the sweep, or choose another --out");
            }
            rows++;
            if (rows % perPoint == 0) {
                keep = start;
            }
        }
        try (FileChannel ch = FileChannel.open(jsonl, StandardOpenOption.WRITE)) {
            ch.truncate(keep);
        } catch (IOException e) {
            throw new InputException(jsonl + ": cannot write (" + e.getMessage() + ")");
        }
        return rows / perPoint;
    }

    private static boolean matches(JsonNode row, Points.Point p, SweepSpec.Workload w) {
        if (row == null || !row.isObject() || !row.path("point").isInt() || row.get("point").asInt() != p.index()
                || !w.label().equals(row.path("workload").asText(null))) {
            return false;
        }
        for (Map.Entry<String, JsonNode> v : p.values().entrySet()) {
            JsonNode written = row.get(v.getKey());                 // compared as written: 16 read back is an int, not a long
            if (written == null || !v.getValue().toString().equals(written.toString())) {
                return false;
            }
        }
        return true;
    }

    /** Writes points.csv and pareto.csv from the finished points.jsonl. */
    private static Summary finish(SweepSpec spec, Path out, int pointCount, int resumed) {
        Path jsonl = out.resolve(POINTS_JSONL);
        List<ObjectNode> rows = new ArrayList<>();
        for (String l : InputFiles.readText(jsonl).split("\n")) {
            try {
                rows.add((ObjectNode) JSON.readTree(l));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> columns = new ArrayList<>();
        for (Iterator<String> it = rows.get(0).fieldNames(); it.hasNext(); ) {
            String c = it.next();
            if (!c.equals("layers")) {
                columns.add(c);
            }
        }
        List<ObjectNode> front = Pareto.front(rows, spec.workloads().stream().map(SweepSpec.Workload::label).toList(), spec.objectives());
        Path csv = out.resolve(POINTS_CSV);
        Path pareto = out.resolve(PARETO_CSV);
        try (Outputs files = new Outputs().input("points.jsonl", jsonl).output("points.csv", csv).output("pareto.csv", pareto)) {
            files.write(csv, w -> w.write(csv(columns, rows)));
            files.write(pareto, w -> w.write(csv(columns, front)));
            files.commit();
        }
        int ok = (int) rows.stream().filter(r -> r.get("status").asText().equals("ok")).count();
        return new Summary(pointCount, rows.size(), ok, rows.size() - ok, front.size(), resumed);
    }

    /** The rows as CSV: numbers as the JSON has them, text as is, null as empty. */
    static String csv(List<String> columns, List<ObjectNode> rows) {
        StringWriter s = new StringWriter();
        try {
            CSVPrinter p = new CSVPrinter(s, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            p.printRecord(columns);
            for (ObjectNode r : rows) {
                List<String> cells = new ArrayList<>();
                for (String c : columns) {
                    JsonNode n = r.get(c);
                    cells.add(n == null || n.isNull() ? "" : n.isTextual() ? n.asText() : n.toString());
                }
                p.printRecord(cells);
            }
            p.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }
}
