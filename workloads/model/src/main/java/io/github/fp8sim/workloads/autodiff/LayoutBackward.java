package io.github.fp8sim.workloads.autodiff;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/** Gradients of the ops that only move values (concat, reshape, transpose, slice): the values move back, bits kept. */
final class LayoutBackward {

    private LayoutBackward() {}

    /** Each input's block of {@code dY} along the axis, cut as the forward joined them. */
    static List<FloatTensor> concat(Concat c, List<FloatTensor> in, FloatTensor dy) {
        TensorShape out = dy.shape();
        int axis = out.normalizeAxis(c.axis());
        int outer = Math.toIntExact(out.numelBefore(axis));
        float[][] parts = new float[in.size()][];
        for (int k = 0; k < parts.length; k++) {
            parts[k] = new float[in.get(k).size()];
        }
        int o = 0;
        for (int i = 0; i < outer; i++) {
            for (float[] part : parts) {
                int block = part.length / outer;
                System.arraycopy(dy.data(), o, part, i * block, block);
                o += block;
            }
        }
        List<FloatTensor> grads = new ArrayList<>();
        for (int k = 0; k < parts.length; k++) {
            grads.add(new FloatTensor(in.get(k).shape(), parts[k]));
        }
        return List.copyOf(grads);
    }

    /** {@code dY}'s row-major values in the input's shape. */
    static FloatTensor reshape(TensorShape in, FloatTensor dy) {
        return Grads.copy(in, dy.data());
    }

    /** The inverse permutation: output element o goes back to the input position it was gathered from. */
    static FloatTensor transpose(Transpose t, TensorShape in, FloatTensor dy) {
        TensorShape out = dy.shape();
        int r = out.rank();
        int[] inStrides = new int[r];
        int stride = 1;
        for (int d = r - 1; d >= 0; d--) {
            inStrides[d] = stride;
            stride *= in.dim(d);
        }
        int[] step = new int[r];
        int[] dims = out.dims();
        for (int i = 0; i < r; i++) {
            step[i] = inStrides[t.perm().get(i)];
        }
        float[] g = dy.data();
        float[] dx = new float[g.length];
        int[] index = new int[r];
        int dst = 0;
        for (int o = 0; o < g.length; o++) {
            dx[dst] = g[o];
            for (int d = r - 1; d >= 0; d--) {
                index[d]++;
                dst += step[d];
                if (index[d] < dims[d]) {
                    break;
                }
                dst -= step[d] * dims[d];
                index[d] = 0;
            }
        }
        return new FloatTensor(in, dx);
    }

    /** {@code dY} placed at indices {@code [start, end)} of the axis; +0.0 elsewhere. */
    static FloatTensor slice(Slice s, TensorShape in, FloatTensor dy) {
        int axis = in.normalizeAxis(s.axis());
        int outer = Math.toIntExact(in.numelBefore(axis));
        int inner = Math.toIntExact(in.numel() / outer / in.dim(axis));
        int len = (s.end() - s.start()) * inner;
        float[] dx = new float[Math.toIntExact(in.numel())];
        for (int i = 0; i < outer; i++) {
            System.arraycopy(dy.data(), i * len, dx, (i * in.dim(axis) + s.start()) * inner, len);
        }
        return new FloatTensor(in, dx);
    }
}
