package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.config.MachineConfig;

/**
 * A GEMM that runs on operands of its own, as SCALE-Sim runs each layer: A (M x K), B (K x N) and the
 * output (M x N) each get the next DRAM region ({@link DramAllocator}), row-major and packed, and the
 * GEMM is lowered by {@link GemmLowering} with no scale, bias or ReLU. A SCALE-Sim topology
 * ({@link TopologyCompiler}) and the GEMMs of a training step are programs of such GEMMs.
 */
public final class IndependentGemm {

    private IndependentGemm() {
    }

    /**
     * Reserves the GEMM's three regions in {@code dram} and appends its instructions to {@code out}.
     *
     * @return the layer emitted
     * @throws DramAllocator.Exhausted if its operands do not fit the rest of the DRAM (nothing is emitted then)
     */
    public static GemmLayer emit(String name, int m, int n, int k, NumFormat a, NumFormat b, OutputSpec output,
                                 DramAllocator dram, MachineConfig machine, List<Instruction> out) {
        long aAddr = dram.take((long) m * k);
        long bAddr = dram.take((long) k * n);
        long outAddr = dram.take((long) m * n * output.bytesPerElement());
        GemmLayer layer = new GemmLayer(name, m, n, k, new Operand(aAddr, k, a), new Operand(bAddr, n, b),
                Epilogue.quantize(output), outAddr, (long) n * output.bytesPerElement());
        GemmLowering.emit(layer, machine, out);
        return layer;
    }
}
