package io.github.fp8sim.workloads.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.models.ResNet;

class WeightFileTest {

    @TempDir
    Path dir;

    @Test
    void layoutIsTheDocumentedOne() throws IOException {
        Path f = dir.resolve("w.bin");
        float nanWithPayload = Float.intBitsToFloat(0x7FA00001);
        WeightFile.write(f, List.of(new StoredTensor("b", TensorShape.of(2), new float[] {1.5f, nanWithPayload}),
                new StoredTensor("s", TensorShape.SCALAR, new float[] {-0.0f})));
        ByteBuffer expected = ByteBuffer.allocate(8 + 4 + (4 + 1 + 4 + 4 + 8) + (4 + 1 + 4 + 4)).order(ByteOrder.LITTLE_ENDIAN);
        expected.put("FP8SIMW1".getBytes(StandardCharsets.US_ASCII)).putInt(2);
        expected.putInt(1).put((byte) 'b').putInt(1).putInt(2).putInt(0x3FC00000).putInt(0x7FA00001);
        expected.putInt(1).put((byte) 's').putInt(0).putInt(0x80000000);
        assertArrayEquals(expected.array(), Files.readAllBytes(f));

        List<StoredTensor> back = WeightFile.read(f);
        assertEquals(List.of("b", "s"), back.stream().map(StoredTensor::name).toList());
        assertEquals(0x7FA00001, Float.floatToRawIntBits(back.get(0).values()[1]));
        assertEquals(0x80000000, Float.floatToRawIntBits(back.get(1).values()[0]));
        assertEquals(TensorShape.SCALAR, back.get(1).shape());
    }

    @Test
    void seededWeightsRoundTripThroughAFile() {
        Graph g = ResNet.build(ResNet.resnet8(1));
        Weights seeded = Weights.seeded(g, 2024);
        Path f = dir.resolve("resnet8.fp8w");
        seeded.save(f);
        Weights loaded = Weights.load(g, f);
        for (Tensor t : g.parameters()) {
            assertArrayEquals(seeded.get(t), loaded.get(t), t.name());
        }
        // The caller owns the array it gets.
        loaded.get("fc.bias")[0] = 42;
        assertEquals(0.0f, loaded.get("fc.bias")[0]);
    }

    private Path write(String name, List<StoredTensor> tensors) {
        Path f = dir.resolve(name);
        WeightFile.write(f, tensors);
        return f;
    }

    private static String message(Runnable r) {
        return assertThrows(InputException.class, r::run).getMessage();
    }

    @Test
    void aHeaderClaimingMoreValuesThanTheFileHoldsIsAnInputErrorNotAnAllocation() throws IOException {
        // Found by WeightFileFuzzTest: one dimension of 0x5F5F5F5F (1.6e9 values, 6.4 GB as float[]) in a
        // 24-byte file ran out of memory before the short read could be reported.
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 4 + 1 + 4 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("FP8SIMW1".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(1).put((byte) 'a').putInt(1)
                .putInt(0x5F5F5F5F).putFloat(1f);
        Path f = dir.resolve("huge.bin");
        Files.write(f, b.array());
        String m = message(() -> WeightFile.read(f));
        assertEquals(f + ": tensor 'a': the file ends after 1 of " + 0x5F5F5F5F + " float32 values", m);
    }

    @Test
    void loadErrorsNameTheFileAndTensor() throws IOException {
        Graph g = ResNet.build(ResNet.resnet8(1));
        Path good = dir.resolve("good.bin");
        Weights.seeded(g, 1).save(good);
        byte[] bytes = Files.readAllBytes(good);

        // Truncated in the middle of a tensor's data.
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, 8 + 4 + 4 + "conv1.weight".length() + 4 + 16 + 40));
        String m = message(() -> Weights.load(g, cut));
        assertTrue(m.startsWith(cut.toString() + ": tensor 'conv1.weight'"), m);
        assertTrue(m.contains("ends after 10 of 432"), m);

        // Trailing garbage.
        Path longer = dir.resolve("long.bin");
        Files.write(longer, Arrays.copyOf(bytes, bytes.length + 3));
        m = message(() -> WeightFile.read(longer));
        assertTrue(m.startsWith(longer + ": unexpected bytes after the last tensor"), m);

        // Not a weight file.
        Path text = dir.resolve("text.bin");
        Files.writeString(text, "Layer name, IFMAP Height\n");
        m = message(() -> WeightFile.read(text));
        assertTrue(m.startsWith(text + ": not an fp8sim weight file"), m);

        m = message(() -> WeightFile.read(dir.resolve("absent.bin")));
        assertTrue(m.endsWith("absent.bin: no such file"), m);

        // Shape differs from the graph's.
        Path shape = write("shape.bin", List.of(new StoredTensor("fc.weight", TensorShape.of(1, 64), new float[64])));
        m = message(() -> Weights.load(g, shape));
        assertEquals(shape + ": tensor 'fc.weight' has shape [1, 64] in the file but [10, 64] in resnet8", m);

        // A tensor the graph does not have, and one the file lacks.
        Path unknown = write("unknown.bin", List.of(new StoredTensor("fc.weights", TensorShape.of(1), new float[1])));
        m = message(() -> Weights.load(g, unknown));
        assertEquals(unknown + ": tensor 'fc.weights' is not a parameter of resnet8", m);
        Path missing = write("missing.bin", List.of(new StoredTensor("fc.bias", TensorShape.of(10), new float[10])));
        m = message(() -> Weights.load(g, missing));
        assertEquals(missing + ": tensor 'conv1.weight' of resnet8 is missing", m);

        // Malformed header fields of a tensor.
        ByteBuffer bad = ByteBuffer.allocate(8 + 4 + 4 + 1 + 4).order(ByteOrder.LITTLE_ENDIAN);
        bad.put("FP8SIMW1".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(1).put((byte) 'w').putInt(9);
        Path rank = dir.resolve("rank.bin");
        Files.write(rank, bad.array());
        m = message(() -> WeightFile.read(rank));
        assertEquals(rank + ": tensor 'w': rank 9 is not in 0..8", m);
    }

    @Test
    void writeRejectsDuplicateNames() {
        StoredTensor t = new StoredTensor("a", TensorShape.of(1), new float[1]);
        assertThrows(IllegalArgumentException.class, () -> WeightFile.write(dir.resolve("d.bin"), List.of(t, t)));
        assertThrows(IllegalArgumentException.class, () -> new StoredTensor("a", TensorShape.of(2), new float[1]));
    }
}
