package io.github.fp8sim.workloads.compiler;

import static io.github.fp8sim.workloads.compiler.MachineHarness.assertOneRounding;
import static io.github.fp8sim.workloads.compiler.MachineHarness.normal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sequence op on a tiny hand-built graph, run on the machine: its output against the reference op
 * applied to the machine's own (decoded) inputs. Ops that only move codes must give the same codes;
 * ops that compute must be one E5M2 rounding of the reference ({@link MachineHarness#assertOneRounding}).
 * The machine is edge16 (16x16 array, 64 KiB of accumulators), small enough that the shapes below
 * need several tiles, K tiles and column chunks.
 */
class SequenceOpLoweringTest {

    static final MachineConfig MACHINE = Presets.get("edge16");

    /** x -> op -> y, with x fed from standard normals times {@code scale}. */
    private static MachineHarness unary(Op op, TensorShape shape, double scale) {
        GraphBuilder b = new GraphBuilder("unary");
        Tensor x = b.input("x", shape, TensorClass.ACTIVATION);
        b.output(b.node("y", op, x));
        Graph g = b.build();
        return MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, Map.of("x", normal(shape, 3, scale)));
    }

    private static FloatTensor ref(Op op, FloatTensor... in) {
        return ReferenceExecutor.apply(op, in);
    }

    @Test
    void softmaxOverTheLastAxisIsOneRoundingOfTheReference() {
        // 240 rows of 48: two tiles of rows on edge16, so the second tile's addresses are exercised too
        MachineHarness m = unary(new Softmax(-1), TensorShape.of(4, 60, 48), 3);
        FloatTensor y = m.read("y");
        assertOneRounding("softmax", ref(new Softmax(-1), m.read("x")), y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void elementwiseOpsAreOneRoundingOfTheReference(String name, Op op) {
        MachineHarness m = unary(op, TensorShape.of(3, 7, 33), 2);
        assertOneRounding(name, ref(op, m.read("x")), m.read("y"));
    }

    static Stream<Arguments> elementwise() {
        return Stream.of(Arguments.of("tanh", new Tanh()), Arguments.of("sigmoid", new Sigmoid()),
                Arguments.of("gelu (tanh form)", new Gelu(true)), Arguments.of("scale 0.37", new Scale(0.37)),
                Arguments.of("scale sqrt(512)", new Scale(Math.sqrt(512))));
    }

    @Test
    void reluOfCodesIsExactlyTheReference() {
        // max(x, 0) of an E5M2 value is an E5M2 value: no rounding at all
        MachineHarness m = unary(new Relu(), TensorShape.of(2, 40000), 1);
        assertArrayEquals(ref(new Relu(), m.read("x")).data(), m.read("y").data());
    }

    @Test
    void longRowsOfAnElementwiseOpGoInColumnChunks() {
        // 40000 columns do not fit edge16's accumulators as one tile row: the tanh must still cover every column
        MachineHarness m = unary(new Tanh(), TensorShape.of(3, 40000), 1);
        assertOneRounding("tanh", ref(new Tanh(), m.read("x")), m.read("y"));
    }

    @Test
    void addAndMulBroadcastWholeRowsAsNumPyDoes() {
        GraphBuilder b = new GraphBuilder("broadcast");
        Tensor keys = b.input("keys", TensorShape.of(2, 5, 24), TensorClass.ACTIVATION);
        Tensor query = b.input("query", TensorShape.of(2, 1, 24), TensorClass.ACTIVATION);
        Tensor bias = b.input("bias", TensorShape.of(24), TensorClass.ACTIVATION);
        Tensor pos = b.input("pos", TensorShape.of(1, 5, 24), TensorClass.ACTIVATION);
        b.output(b.node("hidden", new Add(), keys, query));       // GNMT's attention: one query row per sentence
        b.output(b.node("biased", new Mul(), keys, bias));        // a trailing-dims row for every row
        b.output(b.node("both", new Add(), query, pos));          // each side broadcast along a different axis
        Graph g = b.build();
        Map<String, FloatTensor> in = new HashMap<>();
        long seed = 10;
        for (Tensor t : g.inputs()) {
            in.put(t.name(), normal(t.shape(), seed++, 1));
        }
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, in);
        assertOneRounding("keys + query", ref(new Add(), m.read("keys"), m.read("query")), m.read("hidden"));
        assertOneRounding("keys * bias", ref(new Mul(), m.read("keys"), m.read("bias")), m.read("biased"));
        assertOneRounding("query + pos", ref(new Add(), m.read("query"), m.read("pos")), m.read("both"));
    }

    @Test
    void anAddFollowedByTanhIsOneLayerWithoutAnIntermediateRounding() {
        GraphBuilder b = new GraphBuilder("addtanh");
        Tensor x = b.input("x", TensorShape.of(4, 30), TensorClass.ACTIVATION);
        Tensor r = b.input("r", TensorShape.of(4, 30), TensorClass.ACTIVATION);
        Tensor s = b.node("sum", new Add(), x, r);
        b.output(b.node("t", new Tanh(), s));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE,
                Map.of("x", normal(x.shape(), 4, 0.5), "r", normal(r.shape(), 5, 0.5)));
        assertEquals(1, m.compiled.layers().size());
        assertEquals("add+tanh", m.compiled.layers().get(0).kind());
        assertFalse(m.compiled.buffers().containsKey(s.id()), "the sum never leaves the accumulator");
        assertOneRounding("tanh(x + r)", ref(new Tanh(), ref(new Add(), m.read("x"), m.read("r"))), m.read("t"));
    }

    @Test
    void layerNormWithAffineParametersAndAFusedResidual() {
        GraphBuilder b = new GraphBuilder("norm");
        TensorShape s = TensorShape.of(3, 50, 64);
        Tensor x = b.input("x", s, TensorClass.ACTIVATION);
        Tensor res = b.input("res", s, TensorClass.ACTIVATION);
        Tensor gamma = b.parameter("ln.weight", TensorShape.of(64), TensorClass.NORM_PARAM, new Init.Uniform(2));
        Tensor beta = b.parameter("ln.bias", TensorShape.of(64), TensorClass.NORM_PARAM, new Init.Uniform(1));
        Tensor sum = b.node("residual", new Add(), x, res);
        b.output(b.node("ln", new LayerNorm(1e-5), sum, gamma, beta));
        Tensor gamma2 = b.parameter("ln2.weight", TensorShape.of(64), TensorClass.NORM_PARAM, new Init.Uniform(2));
        Tensor beta2 = b.parameter("ln2.bias", TensorShape.of(64), TensorClass.NORM_PARAM, new Init.Uniform(1));
        b.output(b.node("ln2", new LayerNorm(1e-5), x, gamma2, beta2));
        Graph g = b.build();
        Weights w = Weights.seeded(g, 8);
        // the inputs are offset from zero, so a wrong mean shows
        FloatTensor xv = normal(s, 6, 3);
        for (int i = 0; i < xv.size(); i++) {
            xv.data()[i] += 4;
        }
        MachineHarness m = MachineHarness.run(g, w, MACHINE, Map.of("x", xv, "res", normal(s, 7, 1)));
        FloatTensor gv = new FloatTensor(gamma.shape(), w.get(gamma));
        FloatTensor bv = new FloatTensor(beta.shape(), w.get(beta));
        assertEquals("add+layernorm", m.layer("ln").kind());
        assertOneRounding("layernorm(x + res)", ref(new LayerNorm(1e-5), ref(new Add(), m.read("x"), m.read("res")), gv, bv),
                m.read("ln"));
        assertOneRounding("layernorm(x)", ref(new LayerNorm(1e-5), m.read("x"), new FloatTensor(gamma2.shape(), w.get(gamma2)),
                new FloatTensor(beta2.shape(), w.get(beta2))), m.read("ln2"));
    }

    @Test
    void scaledEmbeddingsGetTheSinusoidsOnTheVectorUnit() {
        // 350 rows of 32 in tiles of 256: positions restart every 70 rows, across the tile boundary
        TensorShape s = TensorShape.of(5, 70, 32);
        GraphBuilder b = new GraphBuilder("posenc");
        Tensor x = b.input("x", s, TensorClass.ACTIVATION);
        Tensor scaled = b.node("scale", new Scale(Math.sqrt(32)), x);
        b.output(b.node("pe", new PositionalEncoding(), scaled));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, Map.of("x", normal(s, 9, 0.2)));
        assertEquals("scale+posenc", m.layer("pe").kind());
        FloatTensor want = ref(new PositionalEncoding(), ref(new Scale(Math.sqrt(32)), m.read("x")));
        assertOneRounding("posenc(scale(x))", want, m.read("pe"));
    }

    @Test
    void theCausalMaskReachesTheSoftmaxInFp32AndZeroesTheFuture() {
        // [2, 3, 40, 40]: 240 rows, tiles of 195 rows, so the mask's rows restart mid-tile
        TensorShape s = TensorShape.of(2, 3, 40, 40);
        GraphBuilder b = new GraphBuilder("masked");
        Tensor scores = b.input("scores", s, TensorClass.ACTIVATION);
        Tensor scaled = b.node("scale", new Scale(0.125), scores);
        Tensor masked = b.node("mask", new CausalMask(), scaled);
        b.output(b.node("softmax", new Softmax(-1), masked));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, Map.of("scores", normal(s, 12, 8)));
        assertEquals("scale+causalmask+softmax", m.layer("softmax").kind());
        assertFalse(m.compiled.buffers().containsKey(masked.id()), "the -inf scores are never stored");
        FloatTensor p = m.read("softmax");
        for (int row = 0; row < 240; row++) {
            int i = row % 40;
            for (int j = i + 1; j < 40; j++) {
                assertEquals(0f, p.data()[row * 40 + j], "row " + row + " column " + j);
            }
        }
        FloatTensor want = ref(new Softmax(-1), ref(new CausalMask(), ref(new Scale(0.125), m.read("scores"))));
        assertOneRounding("softmax(mask(scores / 8))", want, p);
    }

    @Test
    void aMaskStoredOnItsOwnSaturatesMinusInfinityToMinusMax() {
        // The quantizer saturates (OFP8 5.2.1 with the recipe's saturate policy): -inf becomes -57344, which a
        // later softmax still turns into exactly 0 (exp(-57344 - max) underflows). Fusing the mask into the
        // softmax (above) keeps the -inf; stored alone it is this.
        MachineHarness m = unary(new CausalMask(), TensorShape.of(1, 2, 4, 4), 1);
        FloatTensor x = m.read("x");
        FloatTensor y = m.read("y");
        float lowest = (float) -FloatFormat.E5M2.maxFinite();
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    int at = (k * 4 + i) * 4 + j;
                    assertEquals(j > i ? lowest : x.data()[at], y.data()[at], "[" + k + ", " + i + ", " + j + "]");
                }
            }
        }
    }

    @Test
    void aSoftmaxOverAnotherAxisIsRefusedNamingTheNode() {
        GraphBuilder b = new GraphBuilder("axis");
        Tensor x = b.input("x", TensorShape.of(2, 3, 4), TensorClass.ACTIVATION);
        b.output(b.node("sm", new Softmax(1), x));
        Graph g = b.build();
        InputException e = assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of()));
        assertTrue(e.getMessage().contains("node sm (softmax)") && e.getMessage().contains("axis 1"), e.getMessage());
    }

    @Test
    void anExactGeluIsRefusedNamingTheNode() {
        GraphBuilder b = new GraphBuilder("gelu");
        Tensor x = b.input("x", TensorShape.of(2, 8), TensorClass.ACTIVATION);
        b.output(b.node("act", new Gelu(false), x));
        Graph g = b.build();
        InputException e = assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of()));
        assertTrue(e.getMessage().contains("node act (gelu)") && e.getMessage().contains("tanh"), e.getMessage());
    }

    @Test
    void transposeConcatAndSliceMoveCodesExactly() {
        GraphBuilder b = new GraphBuilder("moves");
        Tensor x = b.input("x", TensorShape.of(2, 5, 3, 8), TensorClass.ACTIVATION);
        Tensor u = b.input("u", TensorShape.of(2, 1, 8), TensorClass.ACTIVATION);
        Tensor v = b.input("v", TensorShape.of(2, 4, 8), TensorClass.ACTIVATION);
        Tensor w = b.input("w", TensorShape.of(2, 4, 3), TensorClass.ACTIVATION);
        b.output(b.node("heads", Transpose.of(0, 2, 1, 3), x));
        b.output(b.node("inner", Transpose.of(0, 1, 3, 2), x));      // the innermost axis moves: element gathers
        b.output(b.node("stack", new Concat(1), u, v, u));
        b.output(b.node("join", new Concat(-1), v, w));
        b.output(b.node("step", new Slice(1, 2, 3), v));               // batch 2: not contiguous, a copy
        b.output(b.node("tail", new Slice(-1, 3, 8), x));
        Graph g = b.build();
        Map<String, FloatTensor> in = new HashMap<>();
        long seed = 20;
        for (Tensor t : g.inputs()) {
            in.put(t.name(), normal(t.shape(), seed++, 1));
        }
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, in);
        FloatTensor xq = m.read("x");
        assertArrayEquals(ref(Transpose.of(0, 2, 1, 3), xq).data(), m.read("heads").data());
        assertArrayEquals(ref(Transpose.of(0, 1, 3, 2), xq).data(), m.read("inner").data());
        assertArrayEquals(ReferenceExecutor.apply(new Concat(1), List.of(m.read("u"), m.read("v"), m.read("u"))).get(0).data(),
                m.read("stack").data());
        assertArrayEquals(ReferenceExecutor.apply(new Concat(-1), List.of(m.read("v"), m.read("w"))).get(0).data(),
                m.read("join").data());
        assertArrayEquals(ref(new Slice(1, 2, 3), m.read("v")).data(), m.read("step").data());
        assertArrayEquals(ref(new Slice(-1, 3, 8), xq).data(), m.read("tail").data());
    }

    @Test
    void rowsLongerThanADmaRowAreCopiedInPieces() {
        // 70000 one-byte codes per row exceed the DMA's 16-bit row length: each row goes as a 65535-byte
        // piece and a tail, and the pieces of row 0 and row 1 are not adjacent in the output (the other
        // input's 10 columns sit between), so they must not be stored as one range
        GraphBuilder b = new GraphBuilder("long");
        Tensor x = b.input("x", TensorShape.of(2, 70000), TensorClass.ACTIVATION);
        Tensor y = b.input("y", TensorShape.of(2, 10), TensorClass.ACTIVATION);
        b.output(b.node("join", new Concat(-1), x, y));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE,
                Map.of("x", normal(x.shape(), 60, 1), "y", normal(y.shape(), 61, 1)));
        assertArrayEquals(ReferenceExecutor.apply(new Concat(-1), List.of(m.read("x"), m.read("y"))).get(0).data(),
                m.read("join").data());
    }

    @Test
    void aReshapeAndAContiguousSliceAreTheSameDramWithNoInstructions() {
        GraphBuilder b = new GraphBuilder("views");
        Tensor x = b.input("x", TensorShape.of(1, 6, 10), TensorClass.ACTIVATION);
        Tensor s = b.node("step", new Slice(1, 4, 5), x);
        Tensor flat = b.node("flat", new Reshape(TensorShape.of(1, 10)), s);
        b.output(b.node("y", new Relu(), flat));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, Map.of("x", normal(x.shape(), 30, 1)));
        assertNull(m.layer("step"));
        assertNull(m.layer("flat"));
        assertEquals(m.compiled.buffer(x).addr() + 40, m.compiled.buffer(flat).addr(), "row 4 of 10 one-byte codes");
        assertArrayEquals(ref(new Relu(), ref(new Slice(1, 4, 5), m.read("x"))).data(), m.read("y").data());
    }

    @Test
    void aFillIsAConstantInTheActivationFormat() {
        GraphBuilder b = new GraphBuilder("fill");
        Tensor x = b.input("x", TensorShape.of(3, 20), TensorClass.ACTIVATION);
        Tensor f = b.node("f", new Fill(TensorShape.of(3, 20), 0.3));
        b.output(b.node("y", new Add(), x, f));
        Graph g = b.build();
        MachineHarness m = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE, Map.of("x", normal(x.shape(), 31, 1)));
        for (float v : m.read("f").data()) {
            assertEquals(0.3125f, v, "0.3 to the nearest E5M2 value: 1.25 x 2^-2");
        }
        assertOneRounding("x + fill", ref(new Add(), m.read("x"), m.read("f")), m.read("y"));
    }

    @Test
    void embeddingGathersTheTableRowsAsStoredCodes() {
        GraphBuilder b = new GraphBuilder("embed");
        Tensor ids = b.input("ids", TensorShape.of(2, 7), TensorClass.INDEX);
        Tensor table = b.parameter("table", TensorShape.of(50, 24), TensorClass.WEIGHT, new Init.Normal(1));
        b.output(b.node("e", new Embedding(), ids, table));
        Graph g = b.build();
        Weights w = Weights.seeded(g, 2);
        // a repeat, an ascending run, a descending pair and the first and last rows
        float[] idv = {3, 3, 3, 10, 11, 12, 49, 0, 7, 5, 20, 30, 40, 1};
        MachineHarness m = MachineHarness.run(g, w, MACHINE, Map.of("ids", new FloatTensor(ids.shape(), idv)));
        FloatTensor want = FakeQuantReference.q(ref(new Embedding(), new FloatTensor(ids.shape(), idv),
                new FloatTensor(table.shape(), w.get(table))));
        assertArrayEquals(want.data(), m.read("e").data());
    }

    @Test
    void anEmbeddingWithoutItsIdsIsRefusedNamingTheNodeAndTheTensor() {
        GraphBuilder b = new GraphBuilder("noids");
        Tensor ids = b.input("ids", TensorShape.of(1, 4), TensorClass.INDEX);
        Tensor table = b.parameter("table", TensorShape.of(10, 8), TensorClass.WEIGHT, new Init.Normal(1));
        b.output(b.node("e", new Embedding(), ids, table));
        Graph g = b.build();
        InputException e = assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of()));
        assertTrue(e.getMessage().contains("node e (embedding)") && e.getMessage().contains("'ids'")
                && e.getMessage().contains("indexInputs"), e.getMessage());
        InputException out = assertThrows(InputException.class, () -> GraphCompiler.compile(g, Weights.seeded(g, 1), MACHINE,
                GraphCompiler.Options.forward(MACHINE), Map.of("ids", FloatTensor.of(ids.shape(), 1, 2, 10, 3))));
        assertTrue(out.getMessage().contains("token id 10.0 at position 2"), out.getMessage());
    }

    @ParameterizedTest(name = "transposeA {0}, transposeB {1}")
    @MethodSource("transposes")
    void batchedMatMulIsOneRoundingOfTheReference(boolean ta, boolean tb) {
        int m = 20;
        int n = 24;
        int k = 40;       // more than edge16's 16 rows: the K tiles accumulate
        TensorShape as = ta ? TensorShape.of(2, 3, k, m) : TensorShape.of(2, 3, m, k);
        TensorShape bs = tb ? TensorShape.of(2, 3, n, k) : TensorShape.of(2, 3, k, n);
        GraphBuilder b = new GraphBuilder("matmul");
        Tensor a = b.input("a", as, TensorClass.ACTIVATION);
        Tensor bt = b.input("b", bs, TensorClass.ACTIVATION);
        b.output(b.node("c", new MatMul(ta, tb), a, bt));
        Graph g = b.build();
        MachineHarness h = MachineHarness.run(g, Weights.seeded(g, 1), MACHINE,
                Map.of("a", normal(as, 40, 1), "b", normal(bs, 41, 1)));
        assertEquals(6, h.layer("c").gemms().size());
        assertEquals(new GemmShape(m, n, k), h.layer("c").gemms().get(5));
        assertOneRounding("matmul", ReferenceExecutor.apply(new MatMul(ta, tb), List.of(h.read("a"), h.read("b"))).get(0),
                h.read("c"));
    }

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    @Test
    void anLstmStepIsOneGemmOverXAndHThenTheGatesInFp32() {
        // In + H = 160 > edge16's K tile of 128: the first K tile takes all of x and 28 columns of h
        int batch = 3;
        int in = 100;
        int hidden = 60;
        GraphBuilder b = new GraphBuilder("lstm");
        Tensor x = b.input("x", TensorShape.of(batch, in), TensorClass.ACTIVATION);
        Tensor h = b.input("h", TensorShape.of(batch, hidden), TensorClass.ACTIVATION);
        Tensor c = b.input("c", TensorShape.of(batch, hidden), TensorClass.ACTIVATION);
        Tensor wIh = b.parameter("w_ih", TensorShape.of(4 * hidden, in), TensorClass.WEIGHT, new Init.Uniform(0.3));
        Tensor wHh = b.parameter("w_hh", TensorShape.of(4 * hidden, hidden), TensorClass.WEIGHT, new Init.Uniform(0.3));
        Tensor bias = b.parameter("bias", TensorShape.of(4 * hidden), TensorClass.BIAS, new Init.Uniform(0.5));
        List<Tensor> hc = b.nodeOutputs("cell", new LstmCell(), x, h, c, wIh, wHh, bias);
        b.output(hc.get(0));
        b.output(hc.get(1));
        Graph g = b.build();
        Weights w = Weights.seeded(g, 5);
        MachineHarness m = MachineHarness.run(g, w, MACHINE, Map.of("x", normal(x.shape(), 50, 1),
                "h", normal(h.shape(), 51, 0.5), "c", normal(c.shape(), 52, 1)));
        assertEquals(List.of(new GemmShape(batch, 4 * hidden, in + hidden)), m.layer("cell:0").gemms());
        List<FloatTensor> want = ReferenceExecutor.apply(new LstmCell(), List.of(m.read("x"), m.read("h"), m.read("c"),
                FakeQuantReference.q(new FloatTensor(wIh.shape(), w.get(wIh))),
                FakeQuantReference.q(new FloatTensor(wHh.shape(), w.get(wHh))), new FloatTensor(bias.shape(), w.get(bias))));
        assertOneRounding("h'", want.get(0), m.read(hc.get(0)));
        assertOneRounding("c'", want.get(1), m.read(hc.get(1)));
    }
}
