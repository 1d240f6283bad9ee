package io.github.fp8sim.workloads.compiler;

import java.util.Set;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Transpose;

/**
 * The ops of sequence models and the vector unit's ops, by kind: one exhaustive switch over the IR's
 * ops (a new op does not compile until it is placed here). Each arm hands the node to the class that
 * lowers it:
 * <ul>
 *   <li>{@link EmbeddingLowering}: a DMA gather of table rows by the compiled-in token ids;</li>
 *   <li>{@link MatMulLowering}: per-batch GEMMs of two activations, a transposed operand staged first;</li>
 *   <li>{@link LstmCellLowering}: the gate GEMM over [x | h], then the gates on the vector unit;</li>
 *   <li>{@link ElementwiseLowering}: activations, scale, add/mul, positional encoding, causal mask,
 *       softmax and layer norm in FP32, fused into chains ({@link VectorChain});</li>
 *   <li>{@link DataMovementLowering}: reshape and contiguous slices as aliases, other slices,
 *       transposes and concats as strided copies, fills as host constants.</li>
 * </ul>
 */
final class SequenceLowering {

    private SequenceLowering() {
    }

    /**
     * Lowers {@code n}; returns the nodes lowered with it (fused after it), which the compiler skips.
     *
     * @throws IllegalArgumentException if the op, or this use of it, is not lowered
     */
    static Set<Node> lower(Node n, LoweringContext ctx) {
        switch (n.op()) {
            case Embedding e -> EmbeddingLowering.lower(n, ctx);
            case MatMul m -> MatMulLowering.lower(n, m, ctx);
            case LstmCell l -> LstmCellLowering.lower(n, ctx);
            case Relu r -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Gelu g -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Tanh t -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Sigmoid s -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Scale s -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Add a -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Mul m -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case PositionalEncoding p -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case CausalMask m -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Softmax s -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case LayerNorm l -> {
                return ElementwiseLowering.lower(n, ctx);
            }
            case Reshape r -> DataMovementLowering.reshape(n, r, ctx);
            case Slice s -> DataMovementLowering.slice(n, s, ctx);
            case Transpose t -> DataMovementLowering.transpose(n, t, ctx);
            case Concat c -> DataMovementLowering.concat(n, c, ctx);
            case Fill f -> DataMovementLowering.fill(n, f, ctx);
            case BatchNorm b -> throw new IllegalArgumentException(
                    "a batchnorm is lowered only folded into the convolution it follows");
            case AvgPool p -> throw new IllegalArgumentException("the compiler does not lower avgpool yet");
            case CrossEntropy c -> throw new IllegalArgumentException("a loss is not part of the forward program");
            case Conv2d c -> throw dispatched(n);
            case Linear l -> throw dispatched(n);
            case MaxPool p -> throw dispatched(n);
            case GlobalAvgPool g -> throw dispatched(n);
        }
        return Set.of();
    }

    private static IllegalStateException dispatched(Node n) {
        return new IllegalStateException(n.op().kind() + " is lowered by GraphCompiler, not here");
    }
}
