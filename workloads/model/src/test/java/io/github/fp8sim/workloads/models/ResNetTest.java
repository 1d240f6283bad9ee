package io.github.fp8sim.workloads.models;

import static io.github.fp8sim.workloads.models.ModelCounts.macs;
import static io.github.fp8sim.workloads.models.ModelCounts.nodeMacs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilderTestAccess;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * ResNet MACs against closed forms written from He et al. 2016 table 1 and torchvision's layer shapes,
 * one conv at a time, without the builder's code: {@code conv(hOut, cOut, cIn, k) = hOut^2 * cOut * cIn * k^2}
 * (each output pixel of each output channel is a dot product over cIn * k * k taps).
 */
class ResNetTest {

    /** MACs of a square k x k conv producing hOut x hOut x cOut from cIn channels. */
    private static long conv(long hOut, long cOut, long cIn, long k) {
        return hOut * hOut * cOut * cIn * k * k;
    }

    // Stem, 224 -> 112 by the 7x7/2 conv; the 3x3/2 max pool then gives 56.
    private static final long CONV1 = conv(112, 64, 3, 7);

    @Test
    void conv1IsTheFigureInTheBrief() {
        assertEquals(118_013_952L, CONV1);
        assertEquals(CONV1, nodeMacs(ResNet.build(ResNet.imagenet(18, 1)), "conv1"));
    }

    @Test
    void resnet18() {
        Graph g = ResNet.build(ResNet.imagenet(18, 1));
        // Stage 1 at 56x56: 2 blocks x 2 convs 3x3 64 -> 64.
        long layer1 = 4 * conv(56, 64, 64, 3);
        // Stages 2-4 halve the size and double the width: first 3x3 has stride 2 from c to 2c, then three
        // 3x3 2c -> 2c, and a 1x1/2 projection c -> 2c.
        long layer2 = conv(28, 128, 64, 3) + 3 * conv(28, 128, 128, 3) + conv(28, 128, 64, 1);
        long layer3 = conv(14, 256, 128, 3) + 3 * conv(14, 256, 256, 3) + conv(14, 256, 128, 1);
        long layer4 = conv(7, 512, 256, 3) + 3 * conv(7, 512, 512, 3) + conv(7, 512, 256, 1);
        long fc = 512L * 1000;
        assertEquals(layer1, macs(g, "layer1."));
        assertEquals(layer2, macs(g, "layer2."));
        assertEquals(layer3, macs(g, "layer3."));
        assertEquals(layer4, macs(g, "layer4."));
        assertEquals(fc, nodeMacs(g, "fc"));
        assertEquals(CONV1 + layer1 + layer2 + layer3 + layer4 + fc, g.totalMacs());
        assertEquals(1_814_073_344L, g.totalMacs());
        assertEquals(conv(28, 128, 64, 1), nodeMacs(g, "layer2.0.downsample.0"));
        // torchvision: sum(p.numel() for p in resnet18().parameters()).
        assertEquals(11_689_512L, g.parameterCount());
    }

    @Test
    void resnet34() {
        Graph g = ResNet.build(ResNet.imagenet(34, 1));
        // Blocks 3, 4, 6, 3; each BasicBlock is two 3x3 convs.
        long layer1 = 6 * conv(56, 64, 64, 3);
        long layer2 = conv(28, 128, 64, 3) + 7 * conv(28, 128, 128, 3) + conv(28, 128, 64, 1);
        long layer3 = conv(14, 256, 128, 3) + 11 * conv(14, 256, 256, 3) + conv(14, 256, 128, 1);
        long layer4 = conv(7, 512, 256, 3) + 5 * conv(7, 512, 512, 3) + conv(7, 512, 256, 1);
        long fc = 512L * 1000;
        assertEquals(layer1, macs(g, "layer1."));
        assertEquals(layer2, macs(g, "layer2."));
        assertEquals(layer3, macs(g, "layer3."));
        assertEquals(layer4, macs(g, "layer4."));
        assertEquals(CONV1 + layer1 + layer2 + layer3 + layer4 + fc, g.totalMacs());
        assertEquals(3_663_761_408L, g.totalMacs());
        assertEquals(21_797_672L, g.parameterCount());
    }

    /**
     * A Bottleneck stage v1.5 with {@code n} blocks of width {@code w} (output 4w) at output size {@code h},
     * entered with {@code cIn} channels at size {@code hIn} (= 2h when the stage strides).
     */
    private static long bottleneckStage(int n, long w, long h, long cIn, long hIn) {
        long first = conv(hIn, w, cIn, 1)          // 1x1 reduce at the input size (stride is not here in v1.5)
                + conv(h, w, w, 3)                  // 3x3, stride 2 when hIn = 2h
                + conv(h, 4 * w, w, 1)              // 1x1 expand
                + conv(h, 4 * w, cIn, 1);           // 1x1 projection shortcut (stride 2 when hIn = 2h)
        long rest = conv(h, w, 4 * w, 1) + conv(h, w, w, 3) + conv(h, 4 * w, w, 1);
        return first + (n - 1) * rest;
    }

    @Test
    void resnet50() {
        Graph g = ResNet.build(ResNet.imagenet(50, 1));
        long layer1 = bottleneckStage(3, 64, 56, 64, 56);
        long layer2 = bottleneckStage(4, 128, 28, 256, 56);
        long layer3 = bottleneckStage(6, 256, 14, 512, 28);
        long layer4 = bottleneckStage(3, 512, 7, 1024, 14);
        long fc = 2048L * 1000;
        // The same numbers written out: 231,211,008 + 2 x 218,365,952 for stage 1, and so on.
        assertEquals(667_942_912L, layer1);
        assertEquals(1_027_604_480L, layer2);
        assertEquals(1_464_336_384L, layer3);
        assertEquals(809_238_528L, layer4);
        assertEquals(layer1, macs(g, "layer1."));
        assertEquals(layer2, macs(g, "layer2."));
        assertEquals(layer3, macs(g, "layer3."));
        assertEquals(layer4, macs(g, "layer4."));
        // v1.5: the stride-2 is on conv2 (3x3), so conv1 of layer2.0 runs at 56x56.
        assertEquals(conv(56, 128, 256, 1), nodeMacs(g, "layer2.0.conv1"));
        assertEquals(conv(28, 128, 128, 3), nodeMacs(g, "layer2.0.conv2"));
        assertEquals(CONV1 + layer1 + layer2 + layer3 + layer4 + fc, g.totalMacs());
        assertEquals(4_089_184_256L, g.totalMacs());
        assertEquals(25_557_032L, g.parameterCount());
    }

    @Test
    void shapesAndBatch() {
        Graph g = ResNet.build(ResNet.imagenet(50, 4));
        assertEquals(4 * 4_089_184_256L, g.totalMacs());
        assertEquals(TensorShape.of(4, 1000), g.tensor("fc").orElseThrow().shape());
        assertEquals(TensorShape.of(4, 2048, 7, 7), g.tensor("layer4.2.relu3").orElseThrow().shape());
        assertEquals(List.of("image", "labels"), g.inputs().stream().map(Tensor::name).toList());
        assertEquals(List.of("fc", "loss"), g.outputs().stream().map(Tensor::name).toList());
        GraphBuilderTestAccess.assertValidOrder(g);
        // torchvision state-dict names.
        g.tensor("layer3.0.downsample.1.running_var").orElseThrow();
        g.tensor("fc.bias").orElseThrow();
    }

    @Test
    void smallDataVariants() {
        // ResNet-18 on 32x32 CIFAR-like inputs with the ImageNet stem: 16 after conv1, 8 after the pool.
        Graph g = ResNet.build(ResNet.imagenet(18, 1).withInputSize(32).withClasses(10));
        long expected = conv(16, 64, 3, 7)
                + 4 * conv(8, 64, 64, 3)
                + conv(4, 128, 64, 3) + 3 * conv(4, 128, 128, 3) + conv(4, 128, 64, 1)
                + conv(2, 256, 128, 3) + 3 * conv(2, 256, 256, 3) + conv(2, 256, 128, 1)
                + conv(1, 512, 256, 3) + 3 * conv(1, 512, 512, 3) + conv(1, 512, 256, 1)
                + 512L * 10;
        assertEquals(expected, g.totalMacs());

        // ResNet-8 (CIFAR): 3x3 stem of 16, one BasicBlock per stage of 16, 32, 64 at 32, 16, 8.
        Graph r8 = ResNet.build(ResNet.resnet8(1));
        long r8macs = conv(32, 16, 3, 3)
                + 2 * conv(32, 16, 16, 3)
                + conv(16, 32, 16, 3) + conv(16, 32, 32, 3) + conv(16, 32, 16, 1)
                + conv(8, 64, 32, 3) + conv(8, 64, 64, 3) + conv(8, 64, 32, 1)
                + 64L * 10;
        assertEquals(r8macs, r8.totalMacs());
        // Parameters: convs + BN (2 per channel) + fc with bias.
        long r8params = 16 * 3 * 9 + 2 * 16
                + 2 * (16 * 16 * 9 + 2 * 16)
                + (32 * 16 * 9 + 2 * 32) + (32 * 32 * 9 + 2 * 32) + (32 * 16 + 2 * 32)
                + (64 * 32 * 9 + 2 * 64) + (64 * 64 * 9 + 2 * 64) + (64 * 32 + 2 * 64)
                + 64 * 10 + 10;
        assertEquals(r8params, r8.parameterCount());

        // Half-width ResNet-18 has a quarter of the conv MACs of the interior layers.
        Graph half = ResNet.build(ResNet.imagenet(18, 1).withBaseWidth(32));
        assertEquals(conv(112, 32, 3, 7), nodeMacs(half, "conv1"));
        assertEquals(macs(ResNet.build(ResNet.imagenet(18, 1)), "layer2.") / 4, macs(half, "layer2."));

        assertThrows(IllegalArgumentException.class, () -> ResNet.imagenet(20, 1));
        assertThrows(IllegalArgumentException.class, () -> ResNet.imagenet(18, 0));
        assertThrows(IllegalArgumentException.class, () -> ResNet.imagenet(18, 1).withInputSize(0));
        // As in PyTorch, padding lets even a 2x2 image through (every stage ends at 1x1).
        assertEquals(TensorShape.of(1, 512, 1, 1),
                ResNet.build(ResNet.imagenet(18, 1).withInputSize(2)).tensor("layer4.1.relu2").orElseThrow().shape());
    }

    @Test
    void withoutLoss() {
        Graph g = ResNet.build(ResNet.resnet8(2).withLoss(false));
        assertEquals(List.of("image"), g.inputs().stream().map(Tensor::name).toList());
        assertEquals(List.of("fc"), g.outputs().stream().map(Tensor::name).toList());
    }
}
