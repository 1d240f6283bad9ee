package io.github.fp8sim.workloads.run;

import io.github.fp8sim.workloads.tensor.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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
import io.github.fp8sim.runtime.timing.Accounting;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.CompiledProgram;
import io.github.fp8sim.workloads.compiler.GemmLayer;
import io.github.fp8sim.workloads.compiler.OutputSpec;
import io.github.fp8sim.workloads.compiler.TopologyCompiler;
import io.github.fp8sim.workloads.topology.Topology;
import io.github.fp8sim.runtime.timing.CountedRun;

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
        CompiledProgram compiled = TopologyCompiler.compile(topology, machine, OutputSpec.E5M2_RNE);
        Machine m = new Machine(machine);
        if (mode == Mode.FUNCTIONAL) {
            for (DramImage image : syntheticOperands(compiled, machine, seed)) {
                m.dram().write(image.addr(), image.bytes(), 0, image.bytes().length);
            }
        }
        CountedRun run = CountedRun.keepingSteps(m, mode);
        Accounting accounting = run.accounting();
        try (GemmThreads pool = GemmThreads.of(threads)) {
            run.threads(pool).run(compiled.program());
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
        Quantizer a = new Quantizer(QuantSpec.of(machine.numerics().aFormat(), Rounding.RNE, Overflow.SATURATE));
        Quantizer b = new Quantizer(QuantSpec.of(machine.numerics().bFormat(), Rounding.RNE, Overflow.SATURATE));
        List<DramImage> images = new ArrayList<>();
        for (int layer = 0; layer < compiled.layers().size(); layer++) {
            GemmLayer g = compiled.layers().get(layer).gemm();
            long state = SplitMix64.laneSeed(seed, 2 * layer);
            byte[] av = new byte[g.m() * g.k()];
            for (int i = 0; i < av.length; i++) {
                state += SplitMix64.GOLDEN_GAMMA;
                av[i] = (byte) a.quantize(Float.floatToRawIntBits((float) (2 * unit(state))), 0);
            }
            double limit = Math.sqrt(6.0 / g.k());
            state = SplitMix64.laneSeed(seed, 2 * layer + 1);
            byte[] bv = new byte[g.k() * g.n()];
            for (int i = 0; i < bv.length; i++) {
                state += SplitMix64.GOLDEN_GAMMA;
                bv[i] = (byte) b.quantize(Float.floatToRawIntBits((float) ((2 * unit(state) - 1) * limit)), 0);
            }
            // the compiler lays A and B out densely (row strides K and N), so each is one image
            images.add(new DramImage(g.a().addr(), av));
            images.add(new DramImage(g.b().addr(), bv));
        }
        return images;
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
