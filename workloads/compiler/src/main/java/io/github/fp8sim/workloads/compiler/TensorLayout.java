package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * How a tensor's elements sit in its DRAM buffer. Sequences, matrices and vectors are row-major in the
 * IR's order; images are NHWC (channels innermost, so a pixel's channels are one contiguous run, which
 * is what an implicit convolution's DMA reads) with a zero border of {@code pad} pixels on every side,
 * so the next convolution reads its padding from memory and needs no special case.
 */
public sealed interface TensorLayout {

    /** Elements the buffer holds, the border included. */
    long storedElements();

    /** The IR shape's elements in row-major order (IR index i) at this stored element index. */
    long storedIndex(long irIndex);

    /** Row-major in the IR's order, no padding. */
    record RowMajor(TensorShape shape) implements TensorLayout {
        @Override
        public long storedElements() {
            return shape.numel();
        }

        @Override
        public long storedIndex(long irIndex) {
            return irIndex;
        }
    }

    /** An IR image {@code [n, c, h, w]} stored as {@code [n][h + 2 pad][w + 2 pad][c]}. */
    record Nhwc(int n, int c, int h, int w, int pad) implements TensorLayout {

        public Nhwc {
            if (n < 1 || c < 1 || h < 1 || w < 1 || pad < 0) {
                throw new IllegalArgumentException("bad NHWC layout " + n + "x" + c + "x" + h + "x" + w + " pad " + pad);
            }
        }

        /** The layout of IR image {@code shape} ([N, C, H, W]) with a border of {@code pad}. */
        public static Nhwc of(TensorShape shape, int pad) {
            if (shape.rank() != 4) {
                throw new IllegalArgumentException("an NHWC layout needs a rank-4 [N, C, H, W] shape, got " + shape);
            }
            return new Nhwc(shape.dim(0), shape.dim(1), shape.dim(2), shape.dim(3), pad);
        }

        public int paddedH() {
            return h + 2 * pad;
        }

        public int paddedW() {
            return w + 2 * pad;
        }

        @Override
        public long storedElements() {
            return (long) n * paddedH() * paddedW() * c;
        }

        /** The stored index of pixel (b, y, x) channel 0, y and x counted inside the border. */
        public long pixel(int b, int y, int x) {
            return (((long) b * paddedH() + y + pad) * paddedW() + x + pad) * c;
        }

        @Override
        public long storedIndex(long irIndex) {
            int x = (int) (irIndex % w);
            long r = irIndex / w;
            int y = (int) (r % h);
            r /= h;
            int ch = (int) (r % c);
            int b = (int) (r / c);
            return pixel(b, y, x) + ch;
        }
    }
}
