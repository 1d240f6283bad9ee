package io.github.fp8sim.workloads.compiler;

import java.util.List;

import io.github.fp8sim.isa.Program;

/** A program and, for each layer, the GEMM it computes and the instructions [first, last] that compute it. */
public record CompiledProgram(Program program, List<LayerSpan> layers) {

    /** One layer's share of the program. */
    public record LayerSpan(String name, GemmLayer gemm, int first, int last) {
    }

    public CompiledProgram {
        layers = List.copyOf(layers);
    }
}
