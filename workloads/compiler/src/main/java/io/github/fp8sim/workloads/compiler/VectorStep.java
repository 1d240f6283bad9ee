package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * One op of a {@link VectorChain} as the vector unit applies it to a tile of FP32 rows in the
 * accumulator SRAM (the tile holds rows of the output's last axis; row ops need whole rows).
 */
sealed interface VectorStep {

    /** {@code x = f(x)}: relu, tanh, sigmoid, GELU (tanh form). */
    record Unary(VectorFunc func) implements VectorStep {
    }

    /** {@code x = x * factor}, the factor rounded to FP32 once (an immediate). */
    record ScaleBy(float factor) implements VectorStep {
    }

    /**
     * {@code x = x (func) operand}, the operand a tensor already in DRAM, broadcast NumPy-style to the
     * chain's shape along every axis but the last (its rows repeated by stride-0 DMAs).
     */
    record Binary(VectorFunc func, Tensor operand) implements VectorStep {
    }

    /**
     * {@code x[i] = x[i] + table[i mod period]} for every row i: an FP32 constant {@code [period][D]} in
     * DRAM, added by accumulating DMAs (positional encodings, a causal mask of 0 and -infinity).
     */
    record AddRows(long addr, int period) implements VectorStep {
    }

    /** Softmax of every row ({@link SoftmaxLowering}). */
    record Softmax() implements VectorStep {
    }

    /** Layer normalisation of every row with FP32 gamma and beta rows in DRAM ({@link LayerNormLowering}). */
    record LayerNorm(float eps, long gammaAddr, long betaAddr) implements VectorStep {
    }
}
