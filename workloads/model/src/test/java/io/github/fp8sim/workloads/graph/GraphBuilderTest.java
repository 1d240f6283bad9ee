package io.github.fp8sim.workloads.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.workloads.tensor.TensorShape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.datapath.format.FloatFormat;

class GraphBuilderTest {

    private static Tensor weight(GraphBuilder b, String name, int... dims) {
        return b.parameter(name, TensorShape.of(dims), TensorClass.WEIGHT, new Init.XavierUniform(4, 4));
    }

    @Test
    void smallMlpHasShapesOrderAndCounts() {
        GraphBuilder b = new GraphBuilder("mlp");
        Tensor x = b.input("x", TensorShape.of(8, 16), TensorClass.ACTIVATION);
        Tensor w1 = weight(b, "fc1.weight", 32, 16);
        Tensor b1 = b.parameter("fc1.bias", TensorShape.of(32), TensorClass.BIAS, Init.zeros());
        Tensor h = b.node("fc1", new Linear(true), x, w1, b1);
        h = b.node("relu", new Relu(), h);
        Tensor w2 = weight(b, "fc2.weight", 10, 32);
        Tensor y = b.node("fc2", new Linear(false), h, w2);
        Tensor labels = b.input("labels", TensorShape.of(8), TensorClass.INDEX);
        Tensor loss = b.node("loss", new CrossEntropy(), y, labels);
        b.output(y);
        b.output(loss);
        Graph g = b.build();

        assertEquals(TensorShape.of(8, 10), y.shape());
        assertEquals(TensorShape.SCALAR, loss.shape());
        assertEquals(TensorClass.LOSS, loss.tensorClass());
        assertEquals(List.of("fc1", "relu", "fc2", "loss"), g.topologicalOrder().stream().map(Node::name).toList());
        // 8 rows x 16 x 32 + 8 rows x 32 x 10; ReLU is elements only.
        assertEquals(8L * 16 * 32 + 8L * 32 * 10, g.totalMacs());
        Node relu = g.nodes().get(1);
        assertEquals(new OpCount(0, 8 * 32), g.count(relu));
        assertEquals(32 * 16 + 32 + 10 * 32, g.parameterCount());
        assertEquals(List.of(x, labels), g.inputs());
        assertEquals("fc1", g.producer(g.tensor("fc1").orElseThrow()).orElseThrow().name());
        assertTrue(g.producer(x).isEmpty());
        assertEquals(List.of("fc1"), g.consumers(w1).stream().map(Node::name).toList());
        assertEquals(new Init.XavierUniform(4, 4), g.init(w1));
        assertThrows(IllegalArgumentException.class, () -> g.init(x));
        GraphBuilder other = new GraphBuilder("other");
        Tensor foreign = other.input("z", TensorShape.of(1), TensorClass.ACTIVATION);
        assertThrows(IllegalArgumentException.class, () -> g.consumers(foreign));
    }

    @Test
    void shapeMismatchNamesTheNodeAndBothShapes() {
        GraphBuilder b = new GraphBuilder("bad");
        Tensor x = b.input("x", TensorShape.of(1, 64, 56, 56), TensorClass.ACTIVATION);
        Tensor w = weight(b, "conv.weight", 128, 32, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.node("layer2.0.conv1", Conv2d.of(1, 1), x, w));
        assertTrue(e.getMessage().contains("'layer2.0.conv1'"), e.getMessage());
        assertTrue(e.getMessage().contains("conv2d"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 64, 56, 56]"), e.getMessage());
        assertTrue(e.getMessage().contains("[128, 32, 3, 3]"), e.getMessage());

        Tensor a = b.input("a", TensorShape.of(2, 5, 7), TensorClass.ACTIVATION);
        Tensor c = b.input("c", TensorShape.of(2, 6, 3), TensorClass.ACTIVATION);
        e = assertThrows(IllegalArgumentException.class, () -> b.node("qk", new MatMul(false, false), a, c));
        assertTrue(e.getMessage().startsWith("node 'qk' (matmul): "), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 5, 7]") && e.getMessage().contains("[2, 6, 3]"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> b.node("sum", new Add(), a, c));
        assertTrue(e.getMessage().contains("'sum'") && e.getMessage().contains("[2, 5, 7]")
                && e.getMessage().contains("[2, 6, 3]"), e.getMessage());

        Tensor lin = b.input("lin", TensorShape.of(4, 10), TensorClass.ACTIVATION);
        Tensor lw = weight(b, "lw", 3, 11);
        e = assertThrows(IllegalArgumentException.class, () -> b.node("proj", new Linear(false), lin, lw));
        assertTrue(e.getMessage().contains("'proj'") && e.getMessage().contains("[4, 10]")
                && e.getMessage().contains("[3, 11]"), e.getMessage());
    }

    @Test
    void namesAreUniqueAndTensorsMustBelongToTheBuilder() {
        GraphBuilder b = new GraphBuilder("g");
        Tensor x = b.input("x", TensorShape.of(2, 2), TensorClass.ACTIVATION);
        assertThrows(IllegalArgumentException.class, () -> b.input("x", TensorShape.of(2), TensorClass.ACTIVATION));
        b.node("r", new Relu(), x);
        assertThrows(IllegalArgumentException.class, () -> b.node("r", new Relu(), x));
        // A node whose output would take an existing tensor's name.
        assertThrows(IllegalArgumentException.class, () -> b.node("x", new Relu(), x));

        GraphBuilder other = new GraphBuilder("other");
        Tensor foreign = other.input("y", TensorShape.of(2, 2), TensorClass.ACTIVATION);
        assertThrows(IllegalArgumentException.class, () -> b.node("s", new Relu(), foreign));
    }

    @Test
    void buildRejectsUnreadParametersAndMissingOutputs() {
        GraphBuilder b = new GraphBuilder("g");
        Tensor x = b.input("x", TensorShape.of(2, 2), TensorClass.ACTIVATION);
        weight(b, "unused.weight", 2, 2);
        Tensor y = b.node("r", new Relu(), x);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("no outputs"), e.getMessage());
        b.output(y);
        e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("'unused.weight'"), e.getMessage());
    }

    @Test
    void builtGraphIsClosed() {
        GraphBuilder b = new GraphBuilder("g");
        Tensor x = b.input("x", TensorShape.of(2), TensorClass.ACTIVATION);
        b.output(b.node("r", new Relu(), x));
        b.build();
        assertThrows(IllegalStateException.class, () -> b.node("r2", new Relu(), x));
    }

    @Test
    void lstmCellHasTwoOutputsNamedByIndex() {
        GraphBuilder b = new GraphBuilder("lstm");
        Tensor x = b.input("x", TensorShape.of(3, 5), TensorClass.ACTIVATION);
        Tensor zero = b.node("zero", Fill.zeros(TensorShape.of(3, 7)));
        Tensor wIh = weight(b, "w_ih", 28, 5);
        Tensor wHh = weight(b, "w_hh", 28, 7);
        Tensor bias = b.parameter("bias", TensorShape.of(28), TensorClass.BIAS, Init.zeros());
        assertThrows(IllegalArgumentException.class, () -> b.node("one", new LstmCell(), x, zero, zero, wIh, wHh, bias));
        List<Tensor> hc = b.nodeOutputs("cell", new LstmCell(), x, zero, zero, wIh, wHh, bias);
        assertEquals(List.of("cell:0", "cell:1"), hc.stream().map(Tensor::name).toList());
        b.output(hc.get(0));
        b.output(hc.get(1));
        Graph g = b.build();
        // B x 4H outputs of z, each In + H long: 3 x 28 x (5 + 7).
        assertEquals(3L * 28 * (5 + 7), g.totalMacs());
        // An input-to-hidden weight sized for In = 6 against an input of width 5: both shapes in the message.
        GraphBuilder b2 = new GraphBuilder("bad");
        Tensor x2 = b2.input("x", TensorShape.of(3, 5), TensorClass.ACTIVATION);
        Tensor z2 = b2.node("zero", Fill.zeros(TensorShape.of(3, 7)));
        Tensor wIh2 = weight(b2, "w_ih", 28, 6);
        Tensor wHh2 = weight(b2, "w_hh", 28, 7);
        Tensor bias2 = b2.parameter("bias", TensorShape.of(28), TensorClass.BIAS, Init.zeros());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b2.nodeOutputs("cell", new LstmCell(), x2, z2, z2, wIh2, wHh2, bias2));
        assertTrue(e.getMessage().contains("[28, 6]") && e.getMessage().contains("[28, 5]"), e.getMessage());
    }

    @Test
    void dataMovementKeepsIndexClassAndFixedFormatsAreKept() {
        GraphBuilder b = new GraphBuilder("ids");
        Tensor ids = b.input("ids", TensorShape.of(2, 6), TensorClass.INDEX);
        Tensor s = b.node("slice", new Slice(1, 2, 4), ids);
        Tensor r = b.node("flat", new Reshape(TensorShape.of(4)), s);
        assertEquals(TensorClass.INDEX, s.tensorClass());
        assertEquals(TensorClass.INDEX, r.tensorClass());
        assertEquals(TensorShape.of(2, 2), s.shape());
        Tensor p = b.parameter("scale", TensorShape.of(4), TensorClass.WEIGHT, Init.ones(), FloatFormat.FP32);
        assertEquals(FloatFormat.FP32, p.fixedFormat().orElseThrow());
        assertTrue(ids.fixedFormat().isEmpty());
        Tensor sum = b.node("sum", new Add(), r, p);
        assertEquals(TensorClass.ACTIVATION, sum.tensorClass());
        b.output(sum);
        b.build();
    }

    @Test
    void topologicalOrderOfEveryModelLikeGraphIsValid() {
        // A diamond with a shared input: order must put producers before consumers.
        GraphBuilder b = new GraphBuilder("diamond");
        Tensor x = b.input("x", TensorShape.of(1, 4), TensorClass.ACTIVATION);
        Tensor a = b.node("a", new Relu(), x);
        Tensor c = b.node("c", new Tanh(), x);
        Tensor d = b.node("d", new Add(), a, c);
        Tensor e = b.node("e", new Concat(1), d, a);
        b.output(e);
        Graph g = b.build();
        assertValidOrder(g);
        assertEquals(TensorShape.of(1, 8), e.shape());
    }

    /** Every input of each node is a graph input, a parameter, or produced by an earlier node. */
    static void assertValidOrder(Graph g) {
        Set<Integer> ready = new HashSet<>();
        g.inputs().forEach(t -> ready.add(t.id()));
        g.parameters().forEach(t -> ready.add(t.id()));
        for (Node n : g.topologicalOrder()) {
            for (int id : n.inputs()) {
                assertTrue(ready.contains(id), "node " + n.name() + " reads " + g.tensor(id).name() + " before it is made");
            }
            for (int id : n.outputs()) {
                assertFalse(ready.contains(id), "tensor " + g.tensor(id).name() + " produced twice");
                ready.add(id);
            }
        }
        for (Tensor t : g.outputs()) {
            assertTrue(ready.contains(t.id()));
        }
    }
}
