package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.List;

/**
 * Multiply-accumulates per op, from the input and output shapes. One MAC is one product added into an
 * accumulator, so a dot product of length K is K MACs (FLOPs are about twice the MACs). Ops that only
 * combine elements (activations, normalisation, pooling, softmax, elementwise sums and products, data
 * movement) do 0 MACs; their cost is their element count.
 */
public final class MacCounter {

    private MacCounter() {}

    /** The MACs and output elements of {@code op} with these input and output shapes (as {@link ShapeInference} gives). */
    public static OpCount count(Op op, List<TensorShape> in, List<TensorShape> out) {
        long elements = 0;
        for (TensorShape s : out) {
            elements += s.numel();
        }
        return new OpCount(macs(op, in, out), elements);
    }

    /** The MACs alone; see {@link #count}. */
    public static long macs(Op op, List<TensorShape> in, List<TensorShape> out) {
        return switch (op) {
            // Each output element y[n, co, i, j] is a dot product over its group's Cin/groups channels and the
            // Kh x Kw window: weight [Cout, Cin/groups, Kh, Kw] gives the length Cin/groups * Kh * Kw directly.
            // Padding taps count, as in the im2col GEMM the array runs (and as torchvision's figures count).
            case Conv2d c -> {
                TensorShape w = in.get(1);
                yield Math.multiplyExact(out.get(0).numel(), (long) w.dim(1) * w.dim(2) * w.dim(3));
            }
            // y[..., o] = sum over `in` features of x[..., i] * W[o, i]: rows x out outputs, each `in` long.
            case Linear l -> Math.multiplyExact(out.get(0).numel(), (long) in.get(1).dim(1));
            // C[..., m, n] = sum over k of A[..., m, k] B[..., k, n]: batch x M x N outputs, each K long.
            case MatMul m -> {
                TensorShape a = in.get(0);
                int k = m.transposeA() ? a.dim(-2) : a.dim(-1);
                yield Math.multiplyExact(out.get(0).numel(), (long) k);
            }
            // z = x wIh^T + h wHh^T: [B, In] x [In, 4H] plus [B, H] x [H, 4H], so B x 4H outputs, each In + H long.
            case LstmCell l -> {
                long batch = in.get(0).dim(0);
                long input = in.get(0).dim(1);
                long hidden = in.get(1).dim(1);
                yield Math.multiplyExact(batch * 4 * hidden, input + hidden);
            }
            case BatchNorm b -> 0;
            case LayerNorm l -> 0;
            case Relu r -> 0;
            case Gelu g -> 0;
            case Tanh t -> 0;
            case Sigmoid s -> 0;
            case Scale s -> 0;
            case Add a -> 0;
            case Mul m -> 0;
            case MaxPool p -> 0;
            case AvgPool p -> 0;
            case GlobalAvgPool g -> 0;
            case Softmax s -> 0;
            case Embedding e -> 0;
            case PositionalEncoding p -> 0;
            case CausalMask m -> 0;
            case Concat c -> 0;
            case Reshape r -> 0;
            case Transpose t -> 0;
            case Slice s -> 0;
            case Fill f -> 0;
            case CrossEntropy c -> 0;
        };
    }
}
