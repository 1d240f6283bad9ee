package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;

/**
 * How a layer's FP32 accumulators become its output tensor: the quantize unit's format, rounding,
 * overflow, random bits and power-of-two scale (ARCHITECTURE.md section 3: forward activations
 * {@code rne}, errors and gradients {@code sr}).
 */
public record OutputSpec(NumFormat format, RoundMode rounding, OverflowMode overflow, int srBits, int scaleExp) {

    /** E5M2 with round-to-nearest-even and saturation: the paper's forward activations. */
    public static final OutputSpec E5M2_RNE = new OutputSpec(NumFormat.E5M2, RoundMode.RNE, OverflowMode.SATURATE, 8, 0);

    public int bytesPerElement() {
        return format.bits() / 8;
    }
}
