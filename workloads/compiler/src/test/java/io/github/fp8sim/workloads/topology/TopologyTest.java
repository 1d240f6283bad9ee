package io.github.fp8sim.workloads.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.fp8sim.runtime.io.InputException;

/**
 * SCALE-Sim topology import, checked by hand: Ho = ceil((H - Fh + s) / s), M = Ho * Wo, N = filters,
 * K = Fh * Fw * C, MACs = M * N * K.
 */
class TopologyTest {

    @TempDir
    Path dir;

    /** ResNet-18's first layers as SCALE-Sim writes them (alexnet.csv's padding, trailing commas). */
    private static final String RESNET18_HEAD = """
            Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
            Conv1     ,224         ,224        ,7            ,7           ,3       ,64        ,2      ,
            Conv2_1a,56,56,3,3,64,64,1,
            Conv3_1a,56,56,3,3,64,128,2,
            Conv3_s,56,56,1,1,64,128,2,
            Conv2_pad,58,58,3,3,64,64,1,
            FC,1,1,1,1,512,1000,1,
            """;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static void assertLayer(Topology.Layer l, String name, int ho, int wo, int m, int n, int k, long macs) {
        assertEquals(name, l.name());
        assertEquals(ho, l.ofmapHeight(), name);
        assertEquals(wo, l.ofmapWidth(), name);
        assertEquals(new Topology.Gemm(m, n, k), l.gemm(), name);
        assertEquals(macs, l.macs(), name);
    }

    @Test
    void resnet18LayersMapToGemms() throws IOException {
        Topology t = Topology.read(file("Resnet18_head.csv", RESNET18_HEAD));
        assertEquals("Resnet18_head", t.name());
        List<Topology.Layer> l = t.layers();
        assertEquals(6, l.size());
        // ceil((224 - 7 + 2) / 2) = ceil(109.5) = 110 (SCALE-Sim's size; PyTorch's unpadded would be 109).
        // M = 110 * 110 = 12100, K = 7 * 7 * 3 = 147, MACs = 12100 * 64 * 147.
        assertLayer(l.get(0), "Conv1", 110, 110, 12100, 64, 147, 113_836_800L);
        // No padding in the file: 56 - 3 + 1 = 54; M = 2916, K = 9 * 64 = 576.
        assertLayer(l.get(1), "Conv2_1a", 54, 54, 2916, 64, 576, 107_495_424L);
        // ceil((56 - 3 + 2) / 2) = ceil(27.5) = 28.
        assertLayer(l.get(2), "Conv3_1a", 28, 28, 784, 128, 576, 57_802_752L);
        // ceil((56 - 1 + 2) / 2) = ceil(28.5) = 29.
        assertLayer(l.get(3), "Conv3_s", 29, 29, 841, 128, 64, 6_889_472L);
        // With the padding in the IFMAP size, 58 - 3 + 1 = 56: torchvision's layer1 conv, 115,605,504 MACs.
        assertLayer(l.get(4), "Conv2_pad", 56, 56, 3136, 64, 576, 115_605_504L);
        assertLayer(l.get(5), "FC", 1, 1, 1, 1000, 512, 512_000L);
        assertEquals(113_836_800L + 107_495_424L + 57_802_752L + 6_889_472L + 115_605_504L + 512_000L, t.totalMacs());
        assertEquals(3, l.get(1).line());
        assertEquals(7, l.get(5).line());
    }

    @Test
    void toleratesScaleSimVariants() throws IOException {
        // SCALE-Sim v1's Resnet18.csv: extra columns after the stride; v2's Resnet50.csv: a row of empty fields.
        Topology v1 = Topology.read(file("v1.csv", """
                Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,, Target
                Conv1,224,224,7,7,3,64,2, NPU
                Conv2_1a,56,56,3,3,64,64,1, GPU
                """));
        assertEquals(2, v1.layers().size());
        assertEquals(113_836_800L, v1.layers().get(0).macs());
        Topology v2 = Topology.read(file("v2.csv", """
                Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,,,Eh,Ew,e2
                ,,,,,,,,,,,,
                Conv1,224,224,7,7,3,64,2,,,110,110,12100

                FC6,1,1,1,1,2048,1000,1,,,,,
                """));
        assertEquals(List.of("Conv1", "FC6"), v2.layers().stream().map(Topology.Layer::name).toList());
        assertEquals(5, v2.layers().get(1).line());
        // No trailing comma, and header names in another case: also fine.
        Topology plain = Topology.read(file("plain", "layer name,ifmap height,ifmap width,filter height,filter width,"
                + "channels,num filter,strides\nL,8,8,3,3,2,4,1\n"));
        assertEquals("plain", plain.name());
        assertEquals(new Topology.Gemm(36, 4, 18), plain.layers().get(0).gemm());
    }

    @Test
    void separateStridesAndDepthwiseLayers() throws IOException {
        Topology t = Topology.read(file("s.csv", """
                Layer name,IFMAP height,IFMAP width,Filter height,Filter width,Channels,Num filter,Stride height,Stride width,
                L,10,12,3,3,4,8,1,2,
                DP1,10,10,3,3,4,8,1,1,
                """));
        // Ho = 10 - 3 + 1 = 8, Wo = ceil((12 - 3 + 2) / 2) = ceil(5.5) = 6.
        assertLayer(t.layers().get(0), "L", 8, 6, 48, 8, 36, 48L * 8 * 36);
        // SCALE-Sim's depthwise rule: one single-channel layer per channel, K = 3 * 3 * 1.
        assertEquals(List.of("L", "DP1Channel_0", "DP1Channel_1", "DP1Channel_2", "DP1Channel_3"),
                t.layers().stream().map(Topology.Layer::name).toList());
        assertLayer(t.layers().get(4), "DP1Channel_3", 8, 8, 64, 8, 9, 64L * 8 * 9);
    }

    private String error(String text) throws IOException {
        Path f = file("bad.csv", text);
        return assertThrows(InputException.class, () -> Topology.read(f)).getMessage();
    }

    @Test
    void extraColumnsAreAnErrorNotIgnored() throws IOException {
        String bad = dir.resolve("bad.csv").toString();
        assertEquals(bad + ": line 1, column #9: unexpected column 'Dilation' after 'Strides' (fp8sim reads only SCALE-Sim's "
                + "columns; put notes after an empty column)", error("Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides, Dilation\nConv1,8,8,3,3,3,64,1,2\n"));
        assertEquals(bad + ": line 1, column #10: unexpected column 'Batch' after 'Stride width' (fp8sim reads only SCALE-Sim's "
                + "columns; put notes after an empty column)", error("Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Stride height, Stride width, Batch\nConv1,8,8,3,3,3,64,1,1,4\n"));
        assertEquals(bad + ": line 3, column #10: unexpected value '4' beyond the header's 9 columns",
                error(RESNET18_HEAD.lines().findFirst().orElseThrow() + "\nConv1,8,8,3,3,3,64,1,\nConv2,8,8,3,3,3,64,1,,4\n"));
    }

    @Test
    void aFileThatIsNotUtf8NamesItsLine() throws IOException {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, (RESNET18_HEAD + "Couche_\u00E9,8,8,1,1,3,64,1,\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(f + ": line 8: not UTF-8 text (byte 0xE9 at column 8); expected a UTF-8 text file (save it as UTF-8)",
                assertThrows(InputException.class, () -> Topology.read(f)).getMessage());
    }

    @Test
    void malformedRowsNameFileLineAndColumn() throws IOException {
        String header = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
        String bad = dir.resolve("bad.csv").toString();
        assertEquals(bad + ": line 3, column Channels: expected a positive integer, got 'sixty-four'",
                error(header + "Conv1,224,224,7,7,3,64,2,\nConv2,56,56,3,3,sixty-four,64,1,\n"));
        // The blank line still counts.
        assertEquals(bad + ": line 4, column Strides: missing value",
                error(header + "Conv1,224,224,7,7,3,64,2,\n\nConv2,56,56,3,3,64,64\n"));
        assertEquals(bad + ": line 2, column Strides: expected a positive integer, got 0",
                error(header + "Conv1,224,224,7,7,3,64,0,\n"));
        assertEquals(bad + ": line 2, column Filter Height: filter height 9 > IFMAP height 8",
                error(header + "Conv1,8,8,9,3,3,64,1,\n"));
        assertEquals(bad + ": line 2, column IFMAP Height: expected a positive integer, got '2.5'",
                error(header + "Conv1,2.5,8,1,1,3,64,1,\n"));
        assertEquals(bad + ": line 1, column #3: expected the header 'IFMAP Width', found 'IFMAP Widht'",
                error("Layer name, IFMAP Height, IFMAP Widht, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"));
        assertEquals(bad + ": line 2: no layers after the header", error(header));
        assertEquals(bad + ": the file is empty; expected the header row Layer name, IFMAP Height, IFMAP Width, "
                + "Filter Height, Filter Width, Channels, Num Filter, Strides", error(""));
        assertEquals(bad + ": line 1, column #8: expected the header 'Strides' (or 'Stride height, Stride width'), found ''",
                error("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter\n"));
        // Found by TopologyFileFuzzTest: ceil((W - Fw + s) / s) summed past 2^31 in int and gave a negative
        // width, so the layer passed the size check and failed later with an ArithmeticException.
        // Ho = ceil(214743648 / 2) = 107371824, Wo = ceil(2147483648 / 2) = 1073741824.
        assertEquals(bad + ": line 2: layer 'big' is too large (M = " + 107371824L * 1073741824L + ", K = 1)",
                error(header + "big,214743647,2147483647,1,1,1,1,2,\n"));
        Path absent = dir.resolve("absent.csv");
        assertEquals(absent + ": no such file",
                assertThrows(InputException.class, () -> Topology.read(absent)).getMessage());
    }

    @Test
    void aTopologyPastTheLayerLimitOrTheMacRangeIsRefused() throws IOException {
        String header = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
        String bad = dir.resolve("bad.csv").toString();
        // Found by fuzzing: the row expanded to two billion single-channel layers before anything checked it.
        assertEquals(bad + ": line 2, column Channels: depthwise layer 'DP' becomes one layer per channel, 2000000000 layers; "
                + "expected at most 262144 in a topology", error(header + "DP,1,1,1,1,2000000000,1,1\n"));
        assertEquals(bad + ": line 3, column Channels: depthwise layer 'DP' becomes one layer per channel, 262144 layers, "
                + "262145 with the 1 before it; expected at most 262144 in a topology",
                error(header + "C,1,1,1,1,1,1,1,\nDP,1,1,1,1,262144,1,1\n"));
        // Exactly at the limit is fine; one more layer is not.
        Topology full = Topology.read(file("full.csv", header + "C,1,1,1,1,1,1,1,\nDP,1,1,1,1," + (Topology.MAX_LAYERS - 1) + ",1,1\n"));
        assertEquals(Topology.MAX_LAYERS, full.layers().size());
        assertEquals(Topology.MAX_LAYERS, full.totalMacs());
        assertEquals(bad + ": line 4: layer 'L' is layer 262145; expected at most 262144 in a topology",
                error(header + "DP,1,1,1,1," + Topology.MAX_LAYERS + ",1,1\n\nL,1,1,1,1,1,1,1\n"));
        // M = 46340^2, N = K = 2^31 - 1: each fits an int, their product passes 2^63.
        assertEquals(bad + ": line 2: layer 'huge' takes the topology past 9223372036854775807 MACs",
                error(header + "huge,46340,46340,1,1,2147483647,2147483647,1\n"));
        // Each layer fits, the sum does not.
        String half = "h,46340,46340,1,1,1,2147483647,1\n";
        assertEquals(bad + ": line 4: layer 'h' takes the topology past 9223372036854775807 MACs",
                error(header + half + half + half));
    }
}
