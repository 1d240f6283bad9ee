package io.github.fp8sim.workloads.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.workloads.tensor.FloatTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.Gnmt;
import io.github.fp8sim.workloads.models.ResNet;
import io.github.fp8sim.workloads.models.Transformer;
import io.github.fp8sim.workloads.weights.StoredTensor;
import io.github.fp8sim.workloads.weights.WeightFile;
import io.github.fp8sim.workloads.weights.Weights;

/** Whole models from the builders, run end to end. */
class GraphExecutionTest {

    private static final double BN_EPS = 1e-5;

    private static Map<String, FloatTensor> resnetInputs(Graph g, long seed) {
        Tensor image = g.tensor("image").orElseThrow();
        int batch = image.shape().dim(0);
        return Map.of("image", TestTensors.uniform(image.shape(), seed, 1.0),
                "labels", TestTensors.indices(TensorShape.of(batch), seed + 1, 10));
    }

    /** Seeded weights, except that every BatchNorm gets non-trivial gamma, beta and running statistics. */
    private static Weights withBatchNormStatistics(Graph g, Path dir) {
        Weights seeded = Weights.seeded(g, 5);
        List<StoredTensor> stored = new ArrayList<>();
        long seed = 100;
        for (Tensor t : g.parameters()) {
            float[] v = seeded.get(t);
            String n = t.name();
            boolean bn = t.tensorClass() == TensorClass.NORM_PARAM || t.tensorClass() == TensorClass.NORM_STAT;
            if (bn) {
                float[] r = TestTensors.uniform(t.shape(), seed++, 0.5).data();
                for (int i = 0; i < v.length; i++) {
                    // gamma in [0.5, 1.5], beta and mean in [-0.5, 0.5], variance in [0.25, 1.25].
                    v[i] = n.endsWith(".running_var") ? 0.75f + r[i] : n.endsWith(".weight") ? 1 + r[i] : r[i];
                }
            }
            stored.add(new StoredTensor(n, t.shape(), v));
        }
        Path file = dir.resolve(g.name() + ".fp8w");
        WeightFile.write(file, stored);
        return Weights.load(g, file);
    }

    /** Mean softmax cross-entropy of {@code [N, C]} logits, in double, from its definition. */
    /** Mean cross-entropy over the rows whose label is not {@code ignored} (-1: every row counts). */
    private static double crossEntropy(float[] logits, int classes, float[] labels, int ignored) {
        double total = 0;
        int counted = 0;
        for (int r = 0; r < labels.length; r++) {
            if ((int) labels[r] == ignored) {
                continue;
            }
            counted++;
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(logits[r * classes + j]);
            }
            total += Math.log(sum) - logits[r * classes + (int) labels[r]];
        }
        return total / counted;
    }

    /** {@code labels} with its last two positions padding: a shorter target sentence. */
    private static FloatTensor padded(FloatTensor labels) {
        float[] v = labels.data().clone();
        v[v.length - 1] = 0;
        v[v.length - 2] = 0;
        return new FloatTensor(labels.shape(), v);
    }

    /** A translation model's loss leaves out the padding rows: label 0 ({@code Vocabulary.PAD}). */
    private static void assertTranslationLoss(FloatTensor logits, FloatTensor labels, FloatTensor loss) {
        float[] l = labels.data();
        long padding = java.util.stream.IntStream.range(0, l.length).filter(i -> l[i] == 0).count();
        assertTrue(padding > 0 && padding < l.length, "the test needs both padding and counted rows, got " + padding);
        int vocab = logits.shape().dim(-1);
        assertEquals(crossEntropy(logits.data(), vocab, l, 0), loss.data()[0], 1e-5);
    }

    @Test
    void resnet8RunsEndToEnd() {
        Graph g = ResNet.build(ResNet.resnet8(2));
        Map<String, FloatTensor> in = resnetInputs(g, 1);
        ReferenceResult r = new ReferenceExecutor(g, Weights.seeded(g, 42)).run(in);
        FloatTensor logits = r.tensor("fc");
        assertEquals(TensorShape.of(2, 10), logits.shape());
        for (float v : logits.data()) {
            assertTrue(Float.isFinite(v));
        }
        assertNotEquals(logits.get(0, 0), logits.get(1, 0), "two different images give different logits");
        FloatTensor loss = r.tensor("loss");
        assertEquals(TensorShape.SCALAR, loss.shape());
        assertEquals(crossEntropy(logits.data(), 10, in.get("labels").data(), -1), loss.data()[0], 1e-5);
        // Every input and node output is kept by name, in evaluation order.
        assertEquals(g.inputs().size() + g.nodes().size(), r.tensors().size());
        assertEquals(List.of(logits, loss), r.outputs());
        assertEquals(TensorShape.of(2, 64, 8, 8), r.tensor("layer3.0.relu2").shape());
    }

    @Test
    void twoRunsGiveTheSameBits() {
        Graph g = ResNet.build(ResNet.resnet8(2));
        Map<String, FloatTensor> in = resnetInputs(g, 3);
        ReferenceResult a = new ReferenceExecutor(g, Weights.seeded(g, 42)).run(in);
        ReferenceExecutor again = new ReferenceExecutor(g, Weights.seeded(g, 42));
        again.run(in);
        ReferenceResult b = again.run(in);
        // FloatTensor equality is raw-bit equality of every element of every tensor.
        assertEquals(a.tensors(), b.tensors());
        ReferenceResult other = new ReferenceExecutor(g, Weights.seeded(g, 43)).run(in);
        assertNotEquals(a.tensor("fc"), other.tensor("fc"), "another seed gives other weights");
    }

    @Test
    void outputsOnlyRunGivesTheSameOutputs() {
        Graph g = ResNet.build(ResNet.resnet8(2));
        Map<String, FloatTensor> in = resnetInputs(g, 4);
        ReferenceExecutor exec = new ReferenceExecutor(g, Weights.seeded(g, 42));
        ReferenceResult lean = exec.runOutputs(in);
        assertEquals(Set.of("fc", "loss"), lean.tensors().keySet());
        assertEquals(exec.run(in).outputs(), lean.outputs());
        assertThrows(IllegalArgumentException.class, () -> lean.tensor("layer1.0.conv1"));
    }

    @Test
    void eachImageOfABatchIsIndependent(@TempDir Path dir) {
        // Inference BatchNorm uses stored statistics, so image 1 of a batch of 2 equals image 1 run alone.
        Graph g2 = ResNet.build(ResNet.resnet8(2));
        Graph g1 = ResNet.build(ResNet.resnet8(1));
        Map<String, FloatTensor> in = resnetInputs(g2, 5);
        float[] both = in.get("image").data();
        int per = both.length / 2;
        float[] second = java.util.Arrays.copyOfRange(both, per, 2 * per);
        FloatTensor logits2 = new ReferenceExecutor(g2, withBatchNormStatistics(g2, dir)).run(in).tensor("fc");
        Map<String, FloatTensor> in1 = Map.of("image", new FloatTensor(TensorShape.of(1, 3, 32, 32), second),
                "labels", FloatTensor.of(TensorShape.of(1), 0));
        FloatTensor logits1 = new ReferenceExecutor(g1, withBatchNormStatistics(g1, dir)).run(in1).tensor("fc");
        assertArrayEquals(java.util.Arrays.copyOfRange(logits2.data(), 10, 20), logits1.data());
    }

    @Test
    void batchNormUsesTheStoredRunningStatistics(@TempDir Path dir) {
        Graph g = ResNet.build(ResNet.resnet8(1));
        Weights w = withBatchNormStatistics(g, dir);
        ReferenceResult r = new ReferenceExecutor(g, w).run(resnetInputs(g, 6));
        FloatTensor conv = r.tensor("conv1");
        FloatTensor bn = r.tensor("bn1");
        float[] gamma = w.get("bn1.weight");
        float[] beta = w.get("bn1.bias");
        float[] mean = w.get("bn1.running_mean");
        float[] var = w.get("bn1.running_var");
        for (int c = 0; c < 16; c++) {
            for (int i = 0; i < 32; i += 7) {
                double x = conv.get(0, c, i, 31 - i);
                double expected = (x - mean[c]) / Math.sqrt(var[c] + BN_EPS) * gamma[c] + beta[c];
                assertEquals(expected, bn.get(0, c, i, 31 - i), 1e-6 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void aResidualBlockIsTheSumOfItsBranches(@TempDir Path dir) {
        Graph g = ResNet.build(ResNet.resnet8(1));
        ReferenceExecutor exec = new ReferenceExecutor(g, withBatchNormStatistics(g, dir));
        ReferenceResult r = exec.run(resnetInputs(g, 7));

        // layer1.0 has an identity shortcut: recompute its branch op by op from the block input.
        FloatTensor x = r.tensor("relu");
        FloatTensor y = ReferenceExecutor.apply(Conv2d.of(1, 1), x, param(exec, g, "layer1.0.conv1.weight"));
        y = ReferenceExecutor.apply(new BatchNorm(BN_EPS), batchNormInputs(exec, g, "layer1.0.bn1", y));
        y = ReferenceExecutor.apply(new Relu(), y);
        y = ReferenceExecutor.apply(Conv2d.of(1, 1), y, param(exec, g, "layer1.0.conv2.weight"));
        y = ReferenceExecutor.apply(new BatchNorm(BN_EPS), batchNormInputs(exec, g, "layer1.0.bn2", y));
        assertEquals(r.tensor("layer1.0.bn2"), y);
        FloatTensor sum = r.tensor("layer1.0.add");
        for (int i = 0; i < sum.size(); i++) {
            assertEquals(y.data()[i] + x.data()[i], sum.data()[i]);
        }
        assertEquals(ReferenceExecutor.apply(new Relu(), ReferenceExecutor.apply(new Add(), y, x)),
                r.tensor("layer1.0.relu2"));

        // layer2.0 halves the size and doubles the width: the shortcut is the 1x1/2 projection.
        FloatTensor branch = r.tensor("layer2.0.bn2");
        FloatTensor shortcut = r.tensor("layer2.0.downsample.1");
        FloatTensor projected = ReferenceExecutor.apply(Conv2d.of(2, 0), r.tensor("layer1.0.relu2"),
                param(exec, g, "layer2.0.downsample.0.weight"));
        assertEquals(r.tensor("layer2.0.downsample.0"), projected);
        FloatTensor add = r.tensor("layer2.0.add");
        FloatTensor out = r.tensor("layer2.0.relu2");
        assertEquals(TensorShape.of(1, 32, 16, 16), add.shape());
        for (int i = 0; i < add.size(); i++) {
            float s = branch.data()[i] + shortcut.data()[i];
            assertEquals(s, add.data()[i]);
            assertEquals(Math.max(s, 0f), out.data()[i]);
        }
    }

    private static FloatTensor param(ReferenceExecutor exec, Graph g, String name) {
        return exec.parameter(g.tensor(name).orElseThrow());
    }

    private static FloatTensor[] batchNormInputs(ReferenceExecutor exec, Graph g, String bn, FloatTensor x) {
        return new FloatTensor[] {x, param(exec, g, bn + ".weight"), param(exec, g, bn + ".bias"),
                param(exec, g, bn + ".running_mean"), param(exec, g, bn + ".running_var")};
    }

    @Test
    void narrowResnet50RunsTheBottleneckPath() {
        Graph g = ResNet.build(ResNet.imagenet(50, 1).withInputSize(32).withBaseWidth(4).withClasses(10));
        ReferenceResult r = new ReferenceExecutor(g, Weights.seeded(g, 1)).run(resnetInputs(g, 8));
        assertEquals(TensorShape.of(1, 10), r.tensor("fc").shape());
        // 32 -> conv1/2 16 -> maxpool/2 8 -> 8, 4, 2, 1 across the stages; bottleneck output 4 x 32 channels.
        assertEquals(TensorShape.of(1, 128, 1, 1), r.tensor("layer4.2.relu3").shape());
        assertTrue(Float.isFinite(r.tensor("loss").data()[0]));
    }

    @Test
    void tinyTransformerRunsEndToEnd() {
        Transformer.Config c = Transformer.tiny(2);
        Graph g = Transformer.build(c);
        int tokens = c.batch() * c.tgtLen();
        Map<String, FloatTensor> in = Map.of(
                "src", TestTensors.indices(TensorShape.of(2, c.srcLen()), 1, c.vocab()),
                "tgt", TestTensors.indices(TensorShape.of(2, c.tgtLen()), 2, c.vocab()),
                "labels", TestTensors.indices(TensorShape.of(tokens), 3, c.vocab()));
        ReferenceResult r = new ReferenceExecutor(g, Weights.seeded(g, 9)).run(in);
        FloatTensor logits = r.tensor("logits");
        assertEquals(TensorShape.of(2, c.tgtLen(), c.vocab()), logits.shape());
                assertTranslationLoss(logits, in.get("labels"), r.tensor("loss"));

        // Decoder self-attention: each row of probabilities sums to 1 and never looks ahead.
        FloatTensor p = r.tensor("decoder.layers.0.self_attn.softmax");
        int t = c.tgtLen();
        assertEquals(TensorShape.of(2, c.heads(), t, t), p.shape());
        for (int row = 0; row < p.size() / t; row++) {
            int i = row % t;
            double sum = 0;
            for (int j = 0; j < t; j++) {
                float v = p.data()[row * t + j];
                sum += v;
                if (j > i) {
                    assertEquals(0f, v);
                } else {
                    assertTrue(v > 0);
                }
            }
            assertEquals(1.0, sum, 1e-6);
        }
        // Every sublayer ends in a LayerNorm with gamma 1 and beta 0: each row has mean 0 and variance about 1.
        FloatTensor norm = r.tensor("encoder.layers.1.norm2");
        int d = c.dModel();
        for (int row = 0; row < norm.size() / d; row++) {
            double mean = 0;
            double sq = 0;
            for (int j = 0; j < d; j++) {
                mean += norm.data()[row * d + j];
            }
            mean /= d;
            for (int j = 0; j < d; j++) {
                sq += Math.pow(norm.data()[row * d + j] - mean, 2);
            }
            assertEquals(0, mean, 1e-6);
            assertEquals(1, sq / d, 1e-3);
        }
    }

    @Test
    void tinyGnmtRunsEndToEnd() {
        Gnmt.Config c = Gnmt.tiny(2);
        Graph g = Gnmt.build(c);
        Map<String, FloatTensor> in = Map.of(
                "src", TestTensors.indices(TensorShape.of(2, c.srcLen()), 4, c.vocab()),
                "tgt", TestTensors.indices(TensorShape.of(2, c.tgtLen()), 5, c.vocab()),
                "labels", padded(TestTensors.indices(TensorShape.of(2 * c.tgtLen()), 6, c.vocab())));
        ReferenceResult r = new ReferenceExecutor(g, Weights.seeded(g, 10)).run(in);
        FloatTensor logits = r.tensor("logits");
        assertEquals(TensorShape.of(2, c.tgtLen(), c.vocab()), logits.shape());
                assertTranslationLoss(logits, in.get("labels"), r.tensor("loss"));
        FloatTensor p = r.tensor("decoder.attention.t3.softmax");
        assertEquals(TensorShape.of(2, 1, c.srcLen()), p.shape());
        for (int b = 0; b < 2; b++) {
            double sum = 0;
            for (int j = 0; j < c.srcLen(); j++) {
                sum += p.get(b, 0, j);
            }
            assertEquals(1.0, sum, 1e-6);
        }
        // LSTM states are bounded: |h| < 1 since h = sigmoid(o) tanh(c).
        for (float v : r.tensor("encoder.layers.2.t5:0").data()) {
            assertTrue(Math.abs(v) < 1);
        }
    }

    @Test
    void badInputsAreNamed() {
        Graph g = ResNet.build(ResNet.resnet8(1));
        ReferenceExecutor exec = new ReferenceExecutor(g, Weights.seeded(g, 1));
        Map<String, FloatTensor> good = resnetInputs(g, 1);
        Map<String, FloatTensor> missing = new HashMap<>(good);
        missing.remove("labels");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> exec.run(missing)).getMessage().contains("labels"));
        Map<String, FloatTensor> wrong = new HashMap<>(good);
        wrong.put("image", FloatTensor.zeros(TensorShape.of(1, 3, 16, 16)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> exec.run(wrong)).getMessage().contains("image"));
        Map<String, FloatTensor> extra = new HashMap<>(good);
        extra.put("fc.weight", FloatTensor.zeros(TensorShape.of(1)));
        assertThrows(IllegalArgumentException.class, () -> exec.run(extra));
        Map<String, FloatTensor> badLabel = new HashMap<>(good);
        badLabel.put("labels", FloatTensor.of(TensorShape.of(1), 10));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> exec.run(badLabel)).getMessage().contains("loss"));
        Graph other = ResNet.build(ResNet.resnet8(1));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceExecutor(g, Weights.seeded(other, 1)));
    }
}
