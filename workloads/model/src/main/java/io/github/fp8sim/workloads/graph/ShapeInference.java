package io.github.fp8sim.workloads.graph;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.List;

/**
 * The output shapes of each op from its input shapes, and the checks that the inputs fit together.
 * One exhaustive {@code switch}: a new {@link Op} record does not compile until it is handled here.
 *
 * <p>A mismatch is an {@link IllegalArgumentException} whose message names the operands and their
 * shapes; {@link GraphBuilder} prefixes the node's name and op.
 */
public final class ShapeInference {

    private ShapeInference() {}

    /**
     * The shapes of {@code op}'s outputs for inputs of shapes {@code in}.
     *
     * @throws IllegalArgumentException if the number or shapes of the inputs do not fit the op
     */
    public static List<TensorShape> infer(Op op, List<TensorShape> in) {
        return switch (op) {
            case Conv2d c -> List.of(conv2d(c, in));
            case Linear l -> List.of(linear(l, in));
            case MatMul m -> List.of(matMul(m, in));
            case BatchNorm b -> List.of(batchNorm(in));
            case LayerNorm l -> List.of(layerNorm(in));
            case Relu r -> unary(in);
            case Gelu g -> unary(in);
            case Tanh t -> unary(in);
            case Sigmoid s -> unary(in);
            case Scale s -> unary(in);
            case Add a -> List.of(broadcast(in));
            case Mul m -> List.of(broadcast(in));
            case MaxPool p -> List.of(pool(in, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW()));
            case AvgPool p -> List.of(pool(in, p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW()));
            case GlobalAvgPool g -> List.of(globalAvgPool(in));
            case Softmax s -> {
                arity(in, 1);
                in.get(0).normalizeAxis(s.axis());
                yield List.of(in.get(0));
            }
            case Embedding e -> List.of(embedding(in));
            case PositionalEncoding p -> List.of(positionalEncoding(in));
            case LstmCell l -> lstmCell(in);
            case CausalMask m -> List.of(causalMask(in));
            case Concat c -> List.of(concat(c, in));
            case Reshape r -> List.of(reshape(r, in));
            case Transpose t -> List.of(transpose(t, in));
            case Slice s -> List.of(slice(s, in));
            case Fill f -> {
                arity(in, 0);
                yield List.of(f.shape());
            }
            case CrossEntropy c -> List.of(crossEntropy(in));
        };
    }

    private static TensorShape conv2d(Conv2d c, List<TensorShape> in) {
        arity(in, c.bias() ? 3 : 2);
        TensorShape x = in.get(0);
        TensorShape w = in.get(1);
        rank(x, 4, "input x");
        rank(w, 4, "weight");
        int cout = w.dim(0);
        if ((long) w.dim(1) * c.groups() != x.dim(1)) {
            throw new IllegalArgumentException("input x " + x + " has " + x.dim(1) + " channels but weight " + w
                    + " expects " + w.dim(1) + " x groups " + c.groups() + " = " + (long) w.dim(1) * c.groups());
        }
        if (cout % c.groups() != 0) {
            throw new IllegalArgumentException("weight " + w + ": " + cout + " output channels are not divisible by groups "
                    + c.groups());
        }
        if (c.bias()) {
            expect(in.get(2), TensorShape.of(cout), "bias", "weight " + w);
        }
        int ho = window(x.dim(2), w.dim(2), c.strideH(), c.padH(), c.dilationH());
        int wo = window(x.dim(3), w.dim(3), c.strideW(), c.padW(), c.dilationW());
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException("input x " + x + " is smaller than the dilated kernel of weight " + w
                    + " with padding " + c.padH() + "x" + c.padW());
        }
        return TensorShape.of(x.dim(0), cout, ho, wo);
    }

    /** {@code floor((size + 2 pad - dilation (kernel - 1) - 1) / stride) + 1}, PyTorch's output size. */
    static int window(int size, int kernel, int stride, int pad, int dilation) {
        long span = (long) dilation * (kernel - 1) + 1;
        long room = size + 2L * pad - span;
        return room < 0 ? 0 : (int) (room / stride + 1);
    }

    private static TensorShape linear(Linear l, List<TensorShape> in) {
        arity(in, l.bias() ? 3 : 2);
        TensorShape x = in.get(0);
        TensorShape w = in.get(1);
        if (x.rank() < 1) {
            throw new IllegalArgumentException("input x " + x + " must have rank >= 1");
        }
        rank(w, 2, "weight");
        if (x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("input x " + x + " has " + x.dim(-1) + " features but weight " + w
                    + " expects " + w.dim(1));
        }
        if (l.bias()) {
            expect(in.get(2), TensorShape.of(w.dim(0)), "bias", "weight " + w);
        }
        return x.withDim(-1, w.dim(0));
    }

    private static TensorShape matMul(MatMul m, List<TensorShape> in) {
        arity(in, 2);
        TensorShape a = in.get(0);
        TensorShape b = in.get(1);
        if (a.rank() < 2 || b.rank() != a.rank()) {
            throw new IllegalArgumentException("a " + a + " and b " + b + " must have the same rank >= 2");
        }
        int r = a.rank();
        for (int i = 0; i < r - 2; i++) {
            if (a.dim(i) != b.dim(i)) {
                throw new IllegalArgumentException("batch dimensions of a " + a + " and b " + b + " differ at axis " + i);
            }
        }
        int rows = m.transposeA() ? a.dim(r - 1) : a.dim(r - 2);
        int ka = m.transposeA() ? a.dim(r - 2) : a.dim(r - 1);
        int kb = m.transposeB() ? b.dim(r - 1) : b.dim(r - 2);
        int cols = m.transposeB() ? b.dim(r - 2) : b.dim(r - 1);
        if (ka != kb) {
            throw new IllegalArgumentException("inner dimensions differ: a " + a + (m.transposeA() ? "^T" : "") + " has K = "
                    + ka + ", b " + b + (m.transposeB() ? "^T" : "") + " has K = " + kb);
        }
        return a.withDim(r - 2, rows).withDim(r - 1, cols);
    }

    private static TensorShape batchNorm(List<TensorShape> in) {
        arity(in, 5);
        TensorShape x = in.get(0);
        if (x.rank() < 2) {
            throw new IllegalArgumentException("input x " + x + " must have rank >= 2 (axis 1 is the channel)");
        }
        TensorShape perChannel = TensorShape.of(x.dim(1));
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        for (int i = 0; i < names.length; i++) {
            expect(in.get(i + 1), perChannel, names[i], "input x " + x);
        }
        return x;
    }

    private static TensorShape layerNorm(List<TensorShape> in) {
        arity(in, 3);
        TensorShape x = in.get(0);
        if (x.rank() < 1) {
            throw new IllegalArgumentException("input x " + x + " must have rank >= 1");
        }
        expect(in.get(1), TensorShape.of(x.dim(-1)), "gamma", "input x " + x);
        expect(in.get(2), TensorShape.of(x.dim(-1)), "beta", "input x " + x);
        return x;
    }

    private static List<TensorShape> unary(List<TensorShape> in) {
        arity(in, 1);
        return List.of(in.get(0));
    }

    /** NumPy broadcasting of two shapes. */
    private static TensorShape broadcast(List<TensorShape> in) {
        arity(in, 2);
        TensorShape a = in.get(0);
        TensorShape b = in.get(1);
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 1; i <= r; i++) {
            int da = i <= a.rank() ? a.dim(a.rank() - i) : 1;
            int db = i <= b.rank() ? b.dim(b.rank() - i) : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("a " + a + " and b " + b + " do not broadcast (axis -" + i + ": "
                        + da + " vs " + db + ")");
            }
            out[r - i] = Math.max(da, db);
        }
        return new TensorShape(out);
    }

    private static TensorShape pool(List<TensorShape> in, int kh, int kw, int sh, int sw, int ph, int pw) {
        arity(in, 1);
        TensorShape x = in.get(0);
        rank(x, 4, "input x");
        int ho = window(x.dim(2), kh, sh, ph, 1);
        int wo = window(x.dim(3), kw, sw, pw, 1);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException("input x " + x + " is smaller than the " + kh + "x" + kw + " window");
        }
        return TensorShape.of(x.dim(0), x.dim(1), ho, wo);
    }

    private static TensorShape globalAvgPool(List<TensorShape> in) {
        arity(in, 1);
        rank(in.get(0), 4, "input x");
        return TensorShape.of(in.get(0).dim(0), in.get(0).dim(1));
    }

    private static TensorShape embedding(List<TensorShape> in) {
        arity(in, 2);
        TensorShape ids = in.get(0);
        TensorShape table = in.get(1);
        rank(table, 2, "table");
        int[] d = ids.dims();
        int[] out = java.util.Arrays.copyOf(d, d.length + 1);
        out[d.length] = table.dim(1);
        return new TensorShape(out);
    }

    private static TensorShape positionalEncoding(List<TensorShape> in) {
        arity(in, 1);
        TensorShape x = in.get(0);
        rank(x, 3, "input x");
        if (x.dim(2) % 2 != 0) {
            throw new IllegalArgumentException("input x " + x + " needs an even model dimension for sin/cos pairs");
        }
        return x;
    }

    private static List<TensorShape> lstmCell(List<TensorShape> in) {
        arity(in, 6);
        TensorShape x = in.get(0);
        TensorShape h = in.get(1);
        TensorShape c = in.get(2);
        TensorShape wIh = in.get(3);
        TensorShape wHh = in.get(4);
        rank(x, 2, "input x");
        rank(h, 2, "state h");
        int batch = x.dim(0);
        int hidden = h.dim(1);
        expect(h, TensorShape.of(batch, hidden), "state h", "input x " + x);
        expect(c, h, "state c", "state h " + h);
        expect(wIh, TensorShape.of(4 * hidden, x.dim(1)), "weight wIh", "input x " + x + " and state h " + h);
        expect(wHh, TensorShape.of(4 * hidden, hidden), "weight wHh", "state h " + h);
        expect(in.get(5), TensorShape.of(4 * hidden), "bias", "state h " + h);
        return List.of(h, h);
    }

    private static TensorShape causalMask(List<TensorShape> in) {
        arity(in, 1);
        if (in.get(0).rank() < 2) {
            throw new IllegalArgumentException("scores " + in.get(0) + " must have rank >= 2");
        }
        return in.get(0);
    }

    private static TensorShape concat(Concat c, List<TensorShape> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one input");
        }
        TensorShape first = in.get(0);
        int axis = first.normalizeAxis(c.axis());
        long total = 0;
        for (int i = 0; i < in.size(); i++) {
            TensorShape s = in.get(i);
            boolean fits = s.rank() == first.rank();
            for (int d = 0; fits && d < s.rank(); d++) {
                fits = d == axis || s.dim(d) == first.dim(d);
            }
            if (!fits) {
                throw new IllegalArgumentException("input " + i + " " + s + " does not match input 0 " + first
                        + " outside axis " + axis);
            }
            total += s.dim(axis);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("concatenated size " + total + " along axis " + axis + " is too large");
        }
        return first.withDim(axis, (int) total);
    }

    private static TensorShape reshape(Reshape r, List<TensorShape> in) {
        arity(in, 1);
        if (in.get(0).numel() != r.shape().numel()) {
            throw new IllegalArgumentException("input x " + in.get(0) + " has " + in.get(0).numel()
                    + " elements but the target shape " + r.shape() + " has " + r.shape().numel());
        }
        return r.shape();
    }

    private static TensorShape transpose(Transpose t, List<TensorShape> in) {
        arity(in, 1);
        TensorShape x = in.get(0);
        if (t.perm().size() != x.rank()) {
            throw new IllegalArgumentException("permutation " + t.perm() + " does not fit input x " + x);
        }
        int[] out = new int[x.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.dim(t.perm().get(i));
        }
        return new TensorShape(out);
    }

    private static TensorShape slice(Slice s, List<TensorShape> in) {
        arity(in, 1);
        TensorShape x = in.get(0);
        int axis = x.normalizeAxis(s.axis());
        if (s.end() > x.dim(axis)) {
            throw new IllegalArgumentException("slice [" + s.start() + ", " + s.end() + ") of axis " + axis
                    + " is outside input x " + x);
        }
        return x.withDim(axis, s.end() - s.start());
    }

    private static TensorShape crossEntropy(List<TensorShape> in) {
        arity(in, 2);
        TensorShape logits = in.get(0);
        rank(logits, 2, "logits");
        expect(in.get(1), TensorShape.of(logits.dim(0)), "labels", "logits " + logits);
        return TensorShape.SCALAR;
    }

    private static void arity(List<TensorShape> in, int n) {
        if (in.size() != n) {
            throw new IllegalArgumentException("expected " + n + " input" + (n == 1 ? "" : "s") + ", got " + in.size()
                    + " " + in);
        }
    }

    private static void rank(TensorShape s, int rank, String what) {
        if (s.rank() != rank) {
            throw new IllegalArgumentException(what + " " + s + " must have rank " + rank);
        }
    }

    /** Checks {@code actual} against the shape implied by {@code because}; the message names both. */
    private static void expect(TensorShape actual, TensorShape expected, String what, String because) {
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException(what + " has shape " + actual + " but " + because + " needs " + expected);
        }
    }
}
