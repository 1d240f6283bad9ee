package io.github.fp8sim.workloads.run;

import io.github.fp8sim.runtime.timing.CountedRun;
import io.github.fp8sim.workloads.tensor.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.FoldModel;
import io.github.fp8sim.datapath.random.SplitMix64;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.runtime.exec.Machine;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.runtime.progress.Progress;
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.CompiledProgram;
import io.github.fp8sim.workloads.compiler.GemmLayer;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.compiler.TopologyCompiler;
import io.github.fp8sim.workloads.topology.Topology;

/**
 * Runs a SCALE-Sim topology on a machine. In functional mode every layer gets seeded synthetic
 * operands (activations uniform in [0, 2), weights He-uniform in +-sqrt(6 / K), both rounded to the
 * operand format with RNE), so the computed outputs and their SHA-256 are the same on every machine.
 */
public final class TopologyRunner {

    /** Bytes to place in DRAM at {@code addr} before the run. */
    public record DramImage(long addr, byte[] bytes) {
    }

    /** The result of a run. {@code outputSha256} is null in timing mode. */
    public record Result(CompiledProgram compiled, Accounting accounting, List<LayerResult> layers, String outputSha256) {
    }

    private TopologyRunner() {
    }

    public static Result run(Topology topology, MachineConfig machine, EnergyTable table, Mode mode, long seed) {
        return run(topology, machine, table, mode, seed, 1);
    }

    /** A run whose large GEMMs share {@code threads} host threads (the same bits for any count). */
    public static Result run(Topology topology, MachineConfig machine, EnergyTable table, Mode mode, long seed, int threads) {
        return run(topology, machine, table, mode, seed, threads, Progress.NONE);
    }

    /**
     * A run that tells {@code progress} what it does. A run that cannot fit the heap, or whose operands
     * do not fit a Java array, is refused before it starts.
     */
    public static Result run(Topology topology, MachineConfig machine, EnergyTable table, Mode mode, long seed, int threads,
                             Progress progress) {
        CompiledProgram compiled = TopologyCompiler.compile(topology, machine, OutputSpec.E5M2_RNE);
        check(topology, compiled, mode, false);
        Machine m = new Machine(machine);
        if (mode == Mode.FUNCTIONAL) {
            try (Progress.Task task = progress.task(topology.name() + ": synthetic operands", 2L * compiled.layers().size())) {
                syntheticOperands(compiled, machine, seed, image -> {
                    m.dram().write(image.addr(), image.bytes(), 0, image.bytes().length);
                    task.step(1);
                });
            }
        }
        CountedRun run = CountedRun.keepingSteps(m, mode);
        Accounting accounting = run.accounting();
        try (GemmThreads pool = GemmThreads.of(threads);
             Progress.Task task = progress.task(topology.name() + " " + mode.name().toLowerCase(Locale.ROOT), compiled.program().size())) {
            run.threads(pool).listen(task.perInstruction()).run(compiled.program());
        }
        List<LayerResult> layers = new ArrayList<>();
        ArrayShape shape = new ArrayShape(machine.array().rows(), machine.array().cols());
        long pes = shape.peCount();
        for (CompiledProgram.LayerSpan span : compiled.layers()) {
            long start = Long.MAX_VALUE;
            long end = 0;
            ActionCounts actions = new ActionCounts();
            for (int i = span.first(); i <= span.last(); i++) {
                Accounting.Step s = accounting.steps().get(i);
                start = Math.min(start, s.slot().start());
                end = Math.max(end, s.slot().end());
                actions.addAll(s.cost().actions());
            }
            GemmLayer g = span.gemm();
            long cycles = end - start;
            layers.add(new LayerResult(span.name(), g.m(), g.n(), g.k(), g.macs(), start, end,
                    FoldModel.computeCycles(machine.array().dataflow(), shape, g.m(), g.n(), g.k()),
                    cycles == 0 ? 0 : (double) g.macs() / ((double) cycles * pes), actions.totalPicojoules(table)));
        }
        String sha = mode == Mode.FUNCTIONAL ? outputDigest(m, compiled) : null;
        return new Result(compiled, accounting, layers, sha);
    }

    /**
     * The seeded synthetic operands of every layer, as DRAM images (A and B of each layer, both stored
     * densely): what a functional run starts from, and what a trace of it records.
     */
    public static List<DramImage> syntheticOperands(CompiledProgram compiled, MachineConfig machine, long seed) {
        List<DramImage> images = new ArrayList<>();
        syntheticOperands(compiled, machine, seed, images::add);
        return images;
    }

    /** The images of {@link #syntheticOperands(CompiledProgram, MachineConfig, long)}, one at a time. */
    static void syntheticOperands(CompiledProgram compiled, MachineConfig machine, long seed, Consumer<DramImage> sink) {
        for (CompiledProgram.LayerSpan span : compiled.layers()) {
            checkOperands(span.gemm());
        }
        Quantizer a = new Quantizer(QuantSpec.of(machine.numerics().aFormat(), Rounding.RNE, Overflow.SATURATE));
        Quantizer b = new Quantizer(QuantSpec.of(machine.numerics().bFormat(), Rounding.RNE, Overflow.SATURATE));
        for (int layer = 0; layer < compiled.layers().size(); layer++) {
            GemmLayer g = compiled.layers().get(layer).gemm();
            long state = SplitMix64.laneSeed(seed, 2 * layer);
            byte[] av = new byte[Math.toIntExact((long) g.m() * g.k())];
            for (int i = 0; i < av.length; i++) {
                state += SplitMix64.GOLDEN_GAMMA;
                av[i] = (byte) a.quantize(Float.floatToRawIntBits((float) (2 * unit(state))), 0);
            }
            double limit = Math.sqrt(6.0 / g.k());
            state = SplitMix64.laneSeed(seed, 2 * layer + 1);
            byte[] bv = new byte[Math.toIntExact((long) g.k() * g.n())];
            for (int i = 0; i < bv.length; i++) {
                state += SplitMix64.GOLDEN_GAMMA;
                bv[i] = (byte) b.quantize(Float.floatToRawIntBits((float) ((2 * unit(state) - 1) * limit)), 0);
            }
            // the compiler lays A and B out densely (row strides K and N), so each is one image
            sink.accept(new DramImage(g.a().addr(), av));
            sink.accept(new DramImage(g.b().addr(), bv));
        }
    }

    /** The largest byte array the JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Refuses a layer whose synthetic A (M x K) or B (K x N) is larger than one Java array. */
    private static void checkOperands(GemmLayer g) {
        long a = (long) g.m() * g.k();
        long b = (long) g.k() * g.n();
        if (a > MAX_ARRAY || b > MAX_ARRAY) {
            boolean isA = a > MAX_ARRAY;
            throw new InputException("layer " + g.name() + ": its synthetic operand " + (isA ? "A (M x K = " + g.m() + " x " + g.k()
                    : "B (K x N = " + g.k() + " x " + g.n()) + " = " + (isA ? a : b) + " bytes) is larger than the "
                    + MAX_ARRAY + " bytes a functional run can generate in one piece; run it in timing mode, or split the layer");
        }
    }

    /**
     * The heap a run of {@code compiled} holds at its peak, in bytes: the accounting of every executed
     * instruction, and in functional mode the simulated DRAM pages of every layer's A, B and output plus
     * one operand being generated; {@code imagesKept} (a trace records them) adds every operand again.
     */
    public static long heapBytes(CompiledProgram compiled, Mode mode, boolean imagesKept) {
        long bytes = HeapBudget.times(STEP_BYTES, compiled.program().size());
        if (mode != Mode.FUNCTIONAL) {
            return bytes;
        }
        long operands = 0;
        long largest = 0;
        for (CompiledProgram.LayerSpan span : compiled.layers()) {
            GemmLayer g = span.gemm();
            long a = (long) g.m() * g.k();
            long b = (long) g.k() * g.n();
            operands = HeapBudget.plus(operands, a + b);
            largest = Math.max(largest, Math.max(a, b));
            bytes = HeapBudget.plus(bytes, pages(a) + pages(b) + pages((long) g.m() * g.outRowStride()));
        }
        return HeapBudget.plus(bytes, imagesKept ? operands : largest);
    }

    /** Heap per executed instruction: the instruction, its accounting step with its cost and actions. */
    static final long STEP_BYTES = 512;

    private static long pages(long bytes) {
        long page = 1 << 16;
        return (bytes + page - 1) / page * page;
    }

    /**
     * Refuses a run of {@code compiled} whose operands do not fit a Java array (naming the layer), or
     * that does not fit the heap ({@link HeapBudget}).
     *
     * @throws InputException naming the topology, the layer or the estimate
     */
    public static void check(Topology topology, CompiledProgram compiled, Mode mode, boolean imagesKept) {
        if (mode == Mode.FUNCTIONAL) {
            for (CompiledProgram.LayerSpan span : compiled.layers()) {
                checkOperands(span.gemm());
            }
        }
        HeapBudget.check(topology.name() + " in " + mode.name().toLowerCase(Locale.ROOT) + " mode", heapBytes(compiled, mode, imagesKept));
    }

    /** A uniform double in [0, 1) from the SplitMix64 output for {@code state}. */
    private static double unit(long state) {
        return (SplitMix64.mix(state) >>> 11) * 0x1.0p-53;
    }

    private static String outputDigest(Machine m, CompiledProgram compiled) {
        MessageDigest sha = Digests.sha256();
        for (CompiledProgram.LayerSpan span : compiled.layers()) {
            GemmLayer g = span.gemm();
            int bytes = g.n() * g.output().bytesPerElement();
            byte[] row = new byte[bytes];
            for (int i = 0; i < g.m(); i++) {
                m.dram().read(g.outAddr() + (long) i * g.outRowStride(), row, 0, bytes);
                sha.update(row);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

}
