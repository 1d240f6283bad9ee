package io.github.fp8sim.workloads.reference;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.util.List;

import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;

/** Ops that move values without changing them: concat, reshape, transpose, slice. */
final class Layout {

    private Layout() {}

    /** The inputs side by side along the axis: for each outer index, each input's block in input order. */
    static FloatTensor concat(Concat c, List<FloatTensor> in, TensorShape out) {
        int axis = out.normalizeAxis(c.axis());
        int outer = Math.toIntExact(out.numelBefore(axis));
        float[] y = new float[Math.toIntExact(out.numel())];
        int o = 0;
        for (int i = 0; i < outer; i++) {
            for (FloatTensor t : in) {
                int block = t.size() / outer;
                System.arraycopy(t.data(), i * block, y, o, block);
                o += block;
            }
        }
        return new FloatTensor(out, y);
    }

    /** The same row-major values with a new shape (a copy, so no two tensors share an array). */
    static FloatTensor reshape(FloatTensor x, TensorShape out) {
        return new FloatTensor(out, x.data().clone());
    }

    /** Output axis {@code i} is input axis {@code perm[i]}: walk the output in order, gathering from the input. */
    static FloatTensor transpose(Transpose t, FloatTensor x, TensorShape out) {
        int r = out.rank();
        int[] inStrides = strides(x.shape());
        int[] step = new int[r];
        int[] dims = out.dims();
        for (int i = 0; i < r; i++) {
            step[i] = inStrides[t.perm().get(i)];
        }
        float[] v = x.data();
        float[] y = new float[v.length];
        int[] index = new int[r];
        int src = 0;
        for (int o = 0; o < y.length; o++) {
            y[o] = v[src];
            for (int d = r - 1; d >= 0; d--) {
                index[d]++;
                src += step[d];
                if (index[d] < dims[d]) {
                    break;
                }
                src -= step[d] * dims[d];
                index[d] = 0;
            }
        }
        return new FloatTensor(out, y);
    }

    /** Indices {@code [start, end)} of the axis. */
    static FloatTensor slice(Slice s, FloatTensor x, TensorShape out) {
        int axis = x.shape().normalizeAxis(s.axis());
        int outer = Math.toIntExact(x.shape().numelBefore(axis));
        int inner = x.size() / outer / x.shape().dim(axis);
        int len = (s.end() - s.start()) * inner;
        float[] y = new float[Math.toIntExact(out.numel())];
        for (int i = 0; i < outer; i++) {
            System.arraycopy(x.data(), (i * x.shape().dim(axis) + s.start()) * inner, y, i * len, len);
        }
        return new FloatTensor(out, y);
    }

    private static int[] strides(TensorShape s) {
        int[] st = new int[s.rank()];
        int stride = 1;
        for (int d = s.rank() - 1; d >= 0; d--) {
            st[d] = stride;
            stride *= s.dim(d);
        }
        return st;
    }
}
