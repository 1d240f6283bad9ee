package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

import io.github.fp8sim.isa.insn.VectorFunc;
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
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * Vector-unit ops lowered as one layer: a head op and the ops after it that each read only the
 * previous one's output, which then never leaves the accumulator (no DRAM round trip, no FP8
 * rounding in between). Fusion stops at a tensor with several readers or a graph output, at an op the
 * vector unit cannot continue with, and at an {@code add}/{@code mul} whose other operand is not in
 * DRAM yet. The Transformer gives {@code scale + causalmask + softmax} (so the mask's -infinity
 * reaches the softmax as an FP32 value, never through an FP8 quantizer), {@code add + layernorm}
 * (residual and norm) and {@code scale + posenc} (embedding scale and positions); GNMT gives
 * {@code add + tanh} (its attention's hidden layer).
 *
 * @param input  the tensor the tile is loaded from (the head's first input)
 * @param steps  one per node, in order
 * @param nodes  the head first, then the fused nodes
 * @param output the tensor the layer stores (the last node's output)
 */
record VectorChain(Tensor input, List<VectorStep> steps, List<Node> nodes, Tensor output) {

    /** The chain that starts at {@code head}. */
    static VectorChain from(Node head, LoweringContext ctx) {
        List<VectorStep> steps = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        Tensor input = ctx.input(head, 0);
        steps.add(step(head, null, ctx));
        nodes.add(head);
        Tensor cur = ctx.output(head);
        while (true) {
            Node next = ConvBlockLowering.soleConsumer(ctx, cur);
            VectorStep s = next == null ? null : step(next, cur, ctx);
            if (s == null) {
                break;
            }
            steps.add(s);
            nodes.add(next);
            cur = ctx.output(next);
        }
        return new VectorChain(input, steps, nodes, cur);
    }

    /** Whether any step needs a whole row in the tile. */
    boolean rowWise() {
        return steps.stream().anyMatch(s -> s instanceof VectorStep.Softmax || s instanceof VectorStep.LayerNorm);
    }

    /** The kinds of the nodes, joined by '+'. */
    String kind() {
        return String.join("+", nodes.stream().map(n -> n.op().kind()).toList());
    }

    /**
     * The step of node {@code n}. As the head ({@code cur} null) an op the vector unit cannot do is an
     * IllegalArgumentException; as a candidate for fusion after {@code cur} it gives null.
     */
    private static VectorStep step(Node n, Tensor cur, LoweringContext ctx) {
        boolean head = cur == null;
        Tensor y = ctx.output(n);
        if (!head && !(n.op() instanceof Add || n.op() instanceof Mul) && n.inputs().get(0) != cur.id()) {
            return null;
        }
        switch (n.op()) {
            case Relu r -> {
                return new VectorStep.Unary(VectorFunc.RELU);
            }
            case Tanh t -> {
                return new VectorStep.Unary(VectorFunc.TANH);
            }
            case Sigmoid s -> {
                return new VectorStep.Unary(VectorFunc.SIGMOID);
            }
            case Gelu g -> {
                if (!g.tanhApproximation()) {
                    if (head) {
                        throw new IllegalArgumentException("exact (erf) GELU is not lowered: the vector unit computes "
                                + "the tanh approximation only; build the graph with Gelu(true)");
                    }
                    return null;
                }
                return new VectorStep.Unary(VectorFunc.GELU);
            }
            case Scale s -> {
                return new VectorStep.ScaleBy((float) s.factor());
            }
            case Add a -> {
                return binary(VectorFunc.ADD, n, cur, ctx);
            }
            case Mul m -> {
                return binary(VectorFunc.MUL, n, cur, ctx);
            }
            case PositionalEncoding p -> {
                TensorShape s = y.shape();
                if (s.rank() != 3 || s.dim(2) % 2 != 0) {
                    throw new IllegalArgumentException("positional encoding needs [B, T, D] with D even, got " + s);
                }
                int t = s.dim(1);
                int d = s.dim(2);
                long addr = ctx.constant("posenc." + t + "x" + d, 4L * t * d,
                        () -> ConvBlockLowering.floats(SequenceTables.positionalEncoding(t, d)));
                return new VectorStep.AddRows(addr, t);
            }
            case CausalMask m -> {
                TensorShape s = y.shape();
                if (s.rank() < 2) {
                    throw new IllegalArgumentException("a causal mask needs scores [..., Tq, Tk], got " + s);
                }
                int tq = s.dim(-2);
                int tk = s.dim(-1);
                long addr = ctx.constant("causalmask." + tq + "x" + tk, 4L * tq * tk,
                        () -> ConvBlockLowering.floats(SequenceTables.causalMask(tq, tk)));
                return new VectorStep.AddRows(addr, tq);
            }
            case Softmax s -> {
                TensorShape shape = y.shape();
                if (shape.normalizeAxis(s.axis()) != shape.rank() - 1) {
                    if (head) {
                        throw new IllegalArgumentException("softmax over axis " + s.axis() + " of " + shape
                                + " is not lowered: the vector unit reduces along the last axis only");
                    }
                    return null;
                }
                return new VectorStep.Softmax();
            }
            case LayerNorm l -> {
                Tensor gamma = ctx.input(n, 1);
                Tensor beta = ctx.input(n, 2);
                int d = y.shape().dim(-1);
                long g = ctx.constant(gamma.name() + ".fp32", 4L * d, () -> ConvBlockLowering.floats(ctx.values(gamma)));
                long b = ctx.constant(beta.name() + ".fp32", 4L * d, () -> ConvBlockLowering.floats(ctx.values(beta)));
                return new VectorStep.LayerNorm((float) l.eps(), g, b);
            }
            // Every other op, named so that a new op does not compile until it is decided here too.
            case Conv2d c -> { return notAVectorOp(n, head); }
            case Linear l -> { return notAVectorOp(n, head); }
            case MatMul m -> { return notAVectorOp(n, head); }
            case BatchNorm b -> { return notAVectorOp(n, head); }
            case MaxPool p -> { return notAVectorOp(n, head); }
            case AvgPool p -> { return notAVectorOp(n, head); }
            case GlobalAvgPool g -> { return notAVectorOp(n, head); }
            case Embedding e -> { return notAVectorOp(n, head); }
            case LstmCell l -> { return notAVectorOp(n, head); }
            case Concat c -> { return notAVectorOp(n, head); }
            case Reshape r -> { return notAVectorOp(n, head); }
            case Transpose t -> { return notAVectorOp(n, head); }
            case Slice s -> { return notAVectorOp(n, head); }
            case Fill f -> { return notAVectorOp(n, head); }
            case CrossEntropy c -> { return notAVectorOp(n, head); }
        }
    }

    /** An op the vector unit does not do: as the head, a caller's mistake; after a chain, where the chain ends. */
    private static VectorStep notAVectorOp(Node n, boolean head) {
        if (head) {
            throw new IllegalStateException(n.op().kind() + " is not a vector-unit op");
        }
        return null;
    }

    /**
     * An add or mul. As the head, input 0 is the tile and input 1 the operand. After {@code cur}: cur is
     * the tile, the other input the operand, which must already be in DRAM and broadcast to cur's shape.
     */
    private static VectorStep binary(VectorFunc f, Node n, Tensor cur, LoweringContext ctx) {
        Tensor a = ctx.input(n, 0);
        Tensor b = ctx.input(n, 1);
        Tensor y = ctx.output(n);
        if (cur == null) {
            rowMap(y.shape(), a.shape());
            rowMap(y.shape(), b.shape());
            return new VectorStep.Binary(f, b);
        }
        if (a.id() == b.id()) {
            return null;
        }
        Tensor other = a.id() == cur.id() ? b : a;
        if (!cur.shape().equals(y.shape()) || !ctx.buffers.containsKey(other.id())
                || !(ctx.buffer(other).layout() instanceof TensorLayout.RowMajor)
                || other.shape().rank() == 0 || other.shape().dim(-1) != y.shape().dim(-1)) {
            return null;
        }
        return new VectorStep.Binary(f, other);
    }

    /**
     * For row i of {@code out} (its last axis is the row), the row of {@code operand} that NumPy
     * broadcasting reads: axes aligned from the right, a size-1 or missing axis repeated.
     *
     * @throws IllegalArgumentException if the operand is broadcast along the last axis (not lowered)
     */
    static IntUnaryOperator rowMap(TensorShape out, TensorShape operand) {
        int r = out.rank();
        if (operand.equals(out)) {
            return i -> i;
        }
        if (r == 0 || operand.rank() == 0 || operand.dim(-1) != out.dim(-1)) {
            throw new IllegalArgumentException("an operand " + operand + " broadcast along the last axis of " + out
                    + " is not lowered (only whole rows are broadcast)");
        }
        int outer = r - 1;
        int[] dims = new int[outer];
        long[] strides = new long[outer];
        long stride = 1;
        for (int d = outer - 1; d >= 0; d--) {
            dims[d] = out.dim(d);
            int od = d - (r - operand.rank());
            int size = od < 0 ? 1 : operand.dim(od);
            strides[d] = size == 1 ? 0 : stride;
            stride *= size;
        }
        return i -> {
            long row = 0;
            int rest = i;
            for (int d = outer - 1; d >= 0; d--) {
                row += (rest % dims[d]) * strides[d];
                rest /= dims[d];
            }
            return (int) row;
        };
    }
}
