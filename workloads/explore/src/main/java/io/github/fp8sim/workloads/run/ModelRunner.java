package io.github.fp8sim.workloads.run;

import io.github.fp8sim.workloads.tensor.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.FoldModel;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.ExecListener;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.progress.Progress;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.Buffer;
import io.github.fp8sim.workloads.compiler.CompiledGraph;
import io.github.fp8sim.workloads.compiler.GemmShape;
import io.github.fp8sim.workloads.compiler.GraphCompiler;
import io.github.fp8sim.workloads.compiler.HostData;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.metrics.AccuracyMetrics;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.reference.ReferenceResult;
import io.github.fp8sim.workloads.weights.Weights;
import io.github.fp8sim.runtime.timing.CountedRun;

/**
 * Runs a model on a machine: compiles the graph ({@link GraphCompiler}), places the weights and the
 * inputs in DRAM, executes the program, and reports per layer. In functional mode it also reads every
 * layer's output back, hashes the graph's outputs ({@code output_sha256}: SHA-256 of each output
 * buffer's bytes as stored, in output order), and compares with the FP32 {@link ReferenceExecutor} on
 * the same weights and inputs.
 */
public final class ModelRunner {

    /**
     * @param inputs     a value for each graph input by name, or null for {@link SyntheticInputs} from the seed
     * @param reference  compare every layer and output with the FP32 reference (functional mode)
     * @param keepLayers keep every layer's output values in the result (functional mode)
     * @param progress   where to say what is happening (stderr in the CLI), or null
     */
    public record Options(Mode mode, long seed, int threads, Map<String, FloatTensor> inputs, boolean reference,
                          boolean keepLayers, Progress progress) {
    }

    /** Top-k agreement of a classifier output with the reference's, over the batch. */
    public record Agreement(String output, double top1, double top5) {
    }

    /**
     * The result of a run; {@code outputSha256} is null and the maps and agreements empty in timing mode.
     *
     * @param layerValues each layer's output tensor by name, when {@link Options#keepLayers()}
     */
    public record Result(CompiledGraph compiled, Accounting accounting, List<ModelLayer> layers, String outputSha256,
                         Map<String, FloatTensor> outputs, Map<String, FloatTensor> layerValues, List<Agreement> agreements) {
    }

    private ModelRunner() {
    }

    /**
     * Runs {@code graph}; a run that cannot fit the machine's DRAM or the heap ({@link ModelMemory}) is
     * refused before compiling.
     */
    public static Result run(Graph graph, Weights weights, MachineConfig machine, EnergyTable table, Options o) {
        ModelMemory.check(graph, machine, o.mode(), o.reference(), weights.inMemory());
        Map<String, FloatTensor> inputs = inputs(graph, o);
        CompiledGraph compiled = compile(graph, weights, machine, inputs, o.progress());
        return execute(compiled, weights, machine, table, o, inputs);
    }

    /**
     * Compiles {@code graph} for {@code machine} as {@link #run} does (the program a trace of the run
     * records); {@code inputs} gives the token ids the gathers of a sequence model read.
     */
    public static CompiledGraph compile(Graph graph, Weights weights, MachineConfig machine, Map<String, FloatTensor> inputs,
                                        Progress progress) {
        Progress say = Progress.orNone(progress);
        Map<String, FloatTensor> index = new LinkedHashMap<>();
        for (Tensor t : graph.inputs()) {
            if (t.tensorClass() == TensorClass.INDEX && inputs.containsKey(t.name())) {
                index.put(t.name(), inputs.get(t.name()));
            }
        }
        say.say("compiling " + graph.name());
        CompiledGraph compiled = GraphCompiler.compile(graph, weights, machine, GraphCompiler.Options.forward(machine), index);
        say.say(compiled.program().size() + " instructions in " + compiled.layers().size() + " layers");
        return compiled;
    }

    /** The inputs of a run: the given ones, or {@link SyntheticInputs} from the seed. */
    public static Map<String, FloatTensor> inputs(Graph graph, Options o) {
        return o.inputs() != null ? o.inputs() : SyntheticInputs.of(graph, o.seed());
    }

    /**
     * The DRAM contents a functional run of {@code compiled} starts from: the weights and constants, then
     * the inputs, each given to {@code sink} as (address, bytes).
     */
    public static void dramImage(CompiledGraph compiled, Map<String, FloatTensor> inputs, DramSink sink) {
        for (CompiledGraph.DramInit init : compiled.inits()) {
            sink.write(init.addr(), init.bytes().get());
        }
        for (Tensor t : compiled.fed()) {
            FloatTensor v = inputs.get(t.name());
            if (v == null || !v.shape().equals(t.shape())) {
                throw new IllegalArgumentException("input " + t.name() + ": expected shape " + t.shape()
                        + (v == null ? ", none given" : ", got " + v.shape()));
            }
            Buffer b = compiled.buffer(t);
            sink.write(b.addr(), HostData.encode(v.data(), b));
        }
    }

    /** Where {@link #dramImage} puts bytes. */
    @FunctionalInterface
    public interface DramSink {
        void write(long addr, byte[] bytes);
    }

    private static Result execute(CompiledGraph compiled, Weights weights, MachineConfig machine, EnergyTable table, Options o,
                                  Map<String, FloatTensor> inputs) {
        Graph graph = compiled.graph();
        Progress progress = Progress.orNone(o.progress());
        Machine m = new Machine(machine);
        boolean functional = o.mode() == Mode.FUNCTIONAL;
        if (functional) {
            progress.say("placing weights and inputs in DRAM");
            dramImage(compiled, inputs, (addr, bytes) -> m.dram().write(addr, bytes, 0, bytes.length));
        }
        CountedRun run = CountedRun.on(m, o.mode());
        Accounting accounting = run.accounting();
        LayerListener perLayer = new LayerListener(compiled, accounting);
        String modeName = o.mode().name().toLowerCase(java.util.Locale.ROOT);
        try (GemmThreads pool = GemmThreads.of(o.threads());
             Progress.Task task = progress.task(graph.name() + " " + modeName, compiled.program().size())) {
            run.threads(pool).listen(perLayer).listen(task.perInstruction()).run(compiled.program());
        }

        ReferenceResult ref = null;
        if (functional && o.reference()) {
            progress.say("running the FP32 reference");
            ref = new ReferenceExecutor(graph, weights).run(inputs);
        }
        ArrayShape shape = new ArrayShape(machine.array().rows(), machine.array().cols());
        List<ModelLayer> layers = new ArrayList<>();
        Map<String, FloatTensor> layerValues = new LinkedHashMap<>();
        for (int i = 0; i < compiled.layers().size(); i++) {
            CompiledGraph.Layer l = compiled.layers().get(i);
            long compute = 0;
            for (GemmShape g : l.gemms()) {
                compute += FoldModel.computeCycles(machine.array().dataflow(), shape, g.m(), g.n(), g.k());
            }
            long cycles = perLayer.end[i] - perLayer.start[i];
            double sqnr = Double.NaN;
            double rel = Double.NaN;
            FloatTensor got = functional && (o.keepLayers() || ref != null) ? read(m, compiled, l.output()) : null;
            if (o.keepLayers() && got != null) {
                layerValues.put(l.output().name(), got);
            }
            if (ref != null) {
                FloatTensor want = ref.tensor(l.output());
                sqnr = AccuracyMetrics.sqnrDb(want, got);
                rel = AccuracyMetrics.maxRelativeError(want, got);
            }
            layers.add(new ModelLayer(l.name(), l.kind(), l.gemms(), l.macs(), perLayer.start[i], perLayer.end[i], compute,
                    cycles == 0 ? 0 : (double) l.macs() / ((double) cycles * shape.peCount()),
                    perLayer.actions[i].totalPicojoules(table), sqnr, rel));
        }
        String sha = null;
        Map<String, FloatTensor> outputs = new LinkedHashMap<>();
        List<Agreement> agreements = new ArrayList<>();
        if (functional) {
            sha = digest(m, compiled);
            for (Tensor t : compiled.outputs()) {
                FloatTensor v = read(m, compiled, t);
                outputs.put(t.name(), v);
                if (ref != null && t.shape().rank() == 2 && t.shape().dim(1) >= 5) {
                    FloatTensor want = ref.tensor(t);
                    agreements.add(new Agreement(t.name(), AccuracyMetrics.top1Agreement(want, v),
                            AccuracyMetrics.top5Agreement(want, v)));
                }
            }
        }
        return new Result(compiled, accounting, layers, sha, outputs, layerValues, agreements);
    }

    /** A tensor's values as the run left them in DRAM, in the IR's order. */
    static FloatTensor read(Machine m, CompiledGraph compiled, Tensor t) {
        Buffer b = compiled.buffer(t);
        byte[] bytes = new byte[Math.toIntExact(b.bytes())];
        m.dram().read(b.addr(), bytes, 0, bytes.length);
        return new FloatTensor(t.shape(), HostData.decode(bytes, b, t.shape()));
    }

    private static String digest(Machine m, CompiledGraph compiled) {
        MessageDigest sha = Digests.sha256();
        for (Tensor t : compiled.outputs()) {
            Buffer b = compiled.buffer(t);
            byte[] bytes = new byte[Math.toIntExact(b.bytes())];
            m.dram().read(b.addr(), bytes, 0, bytes.length);
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Per-layer first start, last end and actions, from the accounting listener that ran just before. */
    private static final class LayerListener implements ExecListener {
        private final Accounting accounting;
        private final int[] layerOf;
        final long[] start;
        final long[] end;
        final ActionCounts[] actions;

        LayerListener(CompiledGraph compiled, Accounting accounting) {
            this.accounting = accounting;
            int n = compiled.layers().size();
            layerOf = new int[compiled.program().size()];
            Arrays.fill(layerOf, -1);
            start = new long[n];
            end = new long[n];
            actions = new ActionCounts[n];
            Arrays.fill(start, Long.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                CompiledGraph.Layer l = compiled.layers().get(i);
                Arrays.fill(layerOf, l.first(), l.last() + 1, i);
                actions[i] = new ActionCounts();
            }
        }

        @Override
        public void executed(int index, Instruction insn) {
            int l = layerOf[index];
            if (l < 0) {
                return;
            }
            Accounting.Step s = accounting.last();
            start[l] = Math.min(start[l], s.slot().start());
            end[l] = Math.max(end[l], s.slot().end());
            actions[l].addAll(s.cost().actions());
        }
    }
}
