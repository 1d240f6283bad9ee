package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.topology.Topology;

/**
 * Compiles a SCALE-Sim topology to a program: each layer is the GEMM SCALE-Sim maps it to (M = output
 * pixels, N = filters, K = Fh x Fw x C) with its own DRAM regions for A (the im2col operand, M x K),
 * B (K x N) and the output codes, lowered by {@link GemmLowering}. Layers are independent, as in
 * SCALE-Sim, so each runs on its own operands.
 *
 * <p>The DMA traffic of A equals that of an implicit convolution, which reads each input pixel once
 * per filter tap: M x K bytes either way.
 */
public final class TopologyCompiler {

    private TopologyCompiler() {
    }

    public static CompiledProgram compile(Topology topology, MachineConfig machine, OutputSpec output) {
        NumFormat a = operand(machine, machine.numerics().aFormat().name());
        NumFormat b = operand(machine, machine.numerics().bFormat().name());
        List<Instruction> insns = new ArrayList<>();
        List<CompiledProgram.LayerSpan> spans = new ArrayList<>();
        DramAllocator dram = new DramAllocator(DramAllocator.PAGE, machine.dram().bytes());   // the first page unused
        for (Topology.Layer layer : topology.layers()) {
            Topology.Gemm g = layer.gemm();
            int first = insns.size();
            GemmLayer gl;
            try {
                gl = IndependentGemm.emit(layer.name(), g.m(), g.n(), g.k(), a, b, output, dram, machine, insns);
            } catch (DramAllocator.Exhausted e) {
                throw new InputException(topology.name() + ": layer " + layer.name() + " needs DRAM up to " + e.end()
                        + " bytes; " + machine.name() + " has " + e.capacity());
            }
            spans.add(new CompiledProgram.LayerSpan(layer.name(), gl, first, insns.size() - 1));
        }
        insns.add(new Halt());
        return new CompiledProgram(new Program(insns), spans);
    }

    private static NumFormat operand(MachineConfig machine, String name) {
        return Formats.numFormat(io.github.fp8sim.datapath.format.FloatFormat.parse(name))
                .filter(NumFormat::isFp8)
                .orElseThrow(() -> new InputException(machine.name() + ": operand format " + name + " is not one the ISA names"));
    }
}
