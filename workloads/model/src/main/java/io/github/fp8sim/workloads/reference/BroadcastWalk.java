package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * A walk over a broadcast output in increasing flat index that keeps, for two operands, the flat index
 * of the element each output element reads (NumPy rules: shapes aligned from the right, a size-1 or
 * missing axis repeated). An odometer over the output's coordinates: {@link #advance()} moves both
 * offsets along with it, no division per element.
 */
public final class BroadcastWalk {

    private final int[] dims;
    private final int[] strideA;
    private final int[] strideB;
    private final int[] index;
    private int a;
    private int b;

    /** A walk of {@code out} reading operands of shapes {@code sa} and {@code sb} (null: an operand not read). */
    public BroadcastWalk(TensorShape out, TensorShape sa, TensorShape sb) {
        int r = out.rank();
        this.dims = out.dims();
        this.strideA = sa == null ? new int[r] : strides(sa, r);
        this.strideB = sb == null ? new int[r] : strides(sb, r);
        this.index = new int[r];
    }

    /** The flat index of the first operand's element at the current output element. */
    public int a() {
        return a;
    }

    /** The flat index of the second operand's element at the current output element. */
    public int b() {
        return b;
    }

    /** Moves to the next output element. */
    public void advance() {
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d]++;
            a += strideA[d];
            b += strideB[d];
            if (index[d] < dims[d]) {
                return;
            }
            a -= strideA[d] * dims[d];
            b -= strideB[d] * dims[d];
            index[d] = 0;
        }
    }

    /** Row-major strides of {@code s} padded on the left to rank {@code r}, 0 along broadcast axes. */
    private static int[] strides(TensorShape s, int r) {
        int[] strides = new int[r];
        int stride = 1;
        for (int d = s.rank() - 1; d >= 0; d--) {
            int axis = r - s.rank() + d;
            strides[axis] = s.dim(d) == 1 ? 0 : stride;
            stride *= s.dim(d);
        }
        return strides;
    }
}
