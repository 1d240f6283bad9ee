package io.github.fp8sim.workloads.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShapeInferenceTest {

    private static TensorShape one(Op op, TensorShape... in) {
        List<TensorShape> out = ShapeInference.infer(op, List.of(in));
        assertEquals(1, out.size());
        return out.get(0);
    }

    private static TensorShape s(int... d) {
        return TensorShape.of(d);
    }

    @Test
    void convolutionsFollowPyTorchOutputSize() {
        // torchvision conv1: 224 -> floor((224 + 6 - 6 - 1) / 2) + 1 = 112.
        assertEquals(s(1, 64, 112, 112), one(Conv2d.of(2, 3), s(1, 3, 224, 224), s(64, 3, 7, 7)));
        // 3x3 stride 2 pad 1 on 56 -> 28; 1x1 stride 2 pad 0 on 56 -> 28.
        assertEquals(s(2, 128, 28, 28), one(Conv2d.of(2, 1), s(2, 64, 56, 56), s(128, 64, 3, 3)));
        assertEquals(s(2, 128, 28, 28), one(Conv2d.of(2, 0), s(2, 64, 56, 56), s(128, 64, 1, 1)));
        // Dilation 2 makes a 3x3 span 5: 10 + 2*2 - 5 + 1 = 10. Groups 4: weight has 8/4 = 2 in-channels.
        assertEquals(s(1, 8, 10, 10), one(new Conv2d(1, 1, 2, 2, 2, 2, 4, true), s(1, 8, 10, 10), s(8, 2, 3, 3), s(8)));
        // Rectangular stride and padding.
        assertEquals(s(1, 4, 5, 9), one(new Conv2d(2, 1, 0, 1, 1, 1, 1, false), s(1, 3, 11, 9), s(4, 3, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> one(Conv2d.of(1, 0), s(1, 3, 2, 2), s(4, 3, 3, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> one(new Conv2d(1, 1, 0, 0, 1, 1, 1, true), s(1, 3, 4, 4), s(4, 3, 3, 3), s(5)));
    }

    @Test
    void poolsAndGlobalPool() {
        assertEquals(s(1, 64, 56, 56), one(MaxPool.of(3, 2, 1), s(1, 64, 112, 112)));
        assertEquals(s(1, 8, 3, 3), one(new AvgPool(2, 2, 2, 2, 0, 0, true), s(1, 8, 7, 7)));
        assertEquals(s(4, 512), one(new GlobalAvgPool(), s(4, 512, 7, 7)));
        assertThrows(IllegalArgumentException.class, () -> MaxPool.of(3, 2, 2));
    }

    @Test
    void matMulHonoursTransposeFlags() {
        assertEquals(s(2, 8, 5, 5), one(new MatMul(false, true), s(2, 8, 5, 64), s(2, 8, 5, 64)));
        assertEquals(s(2, 8, 5, 64), one(new MatMul(false, false), s(2, 8, 5, 5), s(2, 8, 5, 64)));
        assertEquals(s(3, 7), one(new MatMul(true, false), s(4, 3), s(4, 7)));
        assertEquals(s(3, 7), one(new MatMul(true, true), s(4, 3), s(7, 4)));
        assertThrows(IllegalArgumentException.class, () -> one(new MatMul(false, false), s(2, 3, 4), s(3, 4, 5)));
    }

    @Test
    void normalisationEmbeddingAndAttentionPieces() {
        assertEquals(s(2, 16, 4, 4), one(new BatchNorm(1e-5), s(2, 16, 4, 4), s(16), s(16), s(16), s(16)));
        assertThrows(IllegalArgumentException.class,
                () -> one(new BatchNorm(1e-5), s(2, 16, 4, 4), s(16), s(16), s(15), s(16)));
        assertEquals(s(2, 9, 32), one(new LayerNorm(1e-5), s(2, 9, 32), s(32), s(32)));
        assertEquals(s(2, 9, 32), one(new Embedding(), s(2, 9), s(100, 32)));
        assertEquals(s(2, 9, 32), one(new PositionalEncoding(), s(2, 9, 32)));
        assertThrows(IllegalArgumentException.class, () -> one(new PositionalEncoding(), s(2, 9, 33)));
        assertEquals(s(2, 4, 9, 9), one(new CausalMask(), s(2, 4, 9, 9)));
        assertEquals(s(2, 4, 9, 9), one(new Softmax(-1), s(2, 4, 9, 9)));
        assertThrows(IllegalArgumentException.class, () -> one(new Softmax(4), s(2, 4, 9, 9)));
        assertEquals(s(2, 9, 4, 8), one(Transpose.of(0, 2, 1, 3), s(2, 4, 9, 8)));
        assertEquals(s(2, 9, 32), one(new Reshape(s(2, 9, 32)), s(2, 9, 4, 8)));
        assertThrows(IllegalArgumentException.class, () -> one(new Reshape(s(2, 9, 31)), s(2, 9, 4, 8)));
        assertThrows(IllegalArgumentException.class, () -> Transpose.of(0, 0, 1));
        assertEquals(s(3, 1, 5), one(new Slice(1, 4, 5), s(3, 6, 5)));
        assertThrows(IllegalArgumentException.class, () -> one(new Slice(1, 4, 7), s(3, 6, 5)));
        assertEquals(s(3, 6, 5), one(new Concat(1), s(3, 2, 5), s(3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> one(new Concat(1), s(3, 2, 5), s(3, 4, 6)));
        assertEquals(s(5, 7), one(new Fill(s(5, 7), 0.0)));
        assertEquals(TensorShape.SCALAR, one(new CrossEntropy(), s(6, 10), s(6)));
        assertThrows(IllegalArgumentException.class, () -> one(new CrossEntropy(), s(6, 10), s(5)));
    }

    @Test
    void broadcastingFollowsNumPy() {
        assertEquals(s(2, 50, 64), one(new Add(), s(2, 50, 64), s(2, 1, 64)));
        assertEquals(s(2, 3, 4), one(new Mul(), s(4), s(2, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> one(new Add(), s(2, 3), s(3, 3)));
    }

    @Test
    void shapeBasics() {
        assertEquals(1, TensorShape.SCALAR.numel());
        assertEquals(150528, s(1, 3, 224, 224).numel());
        assertEquals(s(1, 2), s(1, 2));
        assertEquals("[1, 2]", s(1, 2).toString());
        assertThrows(IllegalArgumentException.class, () -> s(1, 0));
        int[] d = {1, 2};
        TensorShape t = new TensorShape(d);
        d[0] = 9;
        assertEquals(s(1, 2), t);
        t.dims()[0] = 9;
        assertEquals(s(1, 2), t);
    }
}
