package io.github.fp8sim.workloads.models;

import java.util.List;
import java.util.Objects;

import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.GraphBuilder;
import io.github.fp8sim.workloads.graph.Init;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * Residual networks (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, table 1) as
 * torchvision builds them: BasicBlock for ResNet-18/34, Bottleneck v1.5 for ResNet-50 (the stride-2 sits
 * on the 3x3 conv, not the first 1x1 as in the paper), projection shortcuts (1x1 conv + BN, "option B")
 * wherever the shape changes, BatchNorm after every conv, no conv bias.
 *
 * <p>Node and parameter names are torchvision's ({@code layer2.0.downsample.0.weight},
 * {@code bn1.running_var}, {@code fc.bias}) so a trained {@code state_dict} exports to a weight file directly
 * (without {@code num_batches_tracked}). Initialisation is torchvision's: He normal with fan-out on convs,
 * BatchNorm gamma 1 and beta 0; the classifier is Xavier uniform with zero bias.
 */
public final class ResNet {

    /** The stem before the first stage. */
    public enum Stem {
        /** 7x7/2 conv, BN, ReLU, 3x3/2 max pool (ImageNet). */
        IMAGENET,
        /** 3x3/1 conv, BN, ReLU, no pool (CIFAR-sized inputs, He et al. section 4.2). */
        CIFAR
    }

    /**
     * A residual network's shape.
     *
     * @param name          the graph's name
     * @param bottleneck    Bottleneck blocks (1x1, 3x3, 1x1 with 4x expansion) instead of BasicBlocks (3x3, 3x3)
     * @param blocks        blocks per stage
     * @param widths        the 3x3 convs' channels per stage; the stem has {@code widths.get(0)} channels;
     *                      stages after the first start with stride 2
     * @param stem          the stem
     * @param inputChannels image channels
     * @param inputSize     image height and width
     * @param classes       classifier outputs
     * @param batch         images per batch
     * @param withLoss      add a {@code labels [batch]} input and a cross-entropy {@code loss} output
     */
    public record Config(String name, boolean bottleneck, List<Integer> blocks, List<Integer> widths, Stem stem,
            int inputChannels, int inputSize, int classes, int batch, boolean withLoss) {

        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stem, "stem");
            blocks = List.copyOf(blocks);
            widths = List.copyOf(widths);
            if (blocks.isEmpty() || blocks.size() != widths.size()) {
                throw new IllegalArgumentException("blocks " + blocks + " and widths " + widths + " need one entry per stage");
            }
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i) < 1 || widths.get(i) < 1) {
                    throw new IllegalArgumentException("stage " + i + " needs >= 1 block and width, got " + blocks.get(i)
                            + " blocks of width " + widths.get(i));
                }
            }
            Models.positive(inputChannels, "inputChannels");
            Models.positive(inputSize, "inputSize");
            Models.positive(classes, "classes");
            Models.positive(batch, "batch");
        }

        /** This configuration with another batch size. */
        public Config withBatch(int newBatch) {
            return new Config(name, bottleneck, blocks, widths, stem, inputChannels, inputSize, classes, newBatch, withLoss);
        }

        /** This configuration with another input height and width. */
        public Config withInputSize(int size) {
            return new Config(name, bottleneck, blocks, widths, stem, inputChannels, size, classes, batch, withLoss);
        }

        /** This configuration for images of {@code channels} channels (1 for grey-scale digits). */
        public Config withInputChannels(int channels) {
            return new Config(name, bottleneck, blocks, widths, stem, channels, inputSize, classes, batch, withLoss);
        }

        /** This configuration with another number of classes. */
        public Config withClasses(int n) {
            return new Config(name, bottleneck, blocks, widths, stem, inputChannels, inputSize, n, batch, withLoss);
        }

        /** This configuration with stage widths {@code base, 2 base, 4 base, ...} (torchvision's is 64). */
        public Config withBaseWidth(int base) {
            Models.positive(base, "base width");
            List<Integer> w = new java.util.ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                w.add(base << i);
            }
            return new Config(name, bottleneck, blocks, w, stem, inputChannels, inputSize, classes, batch, withLoss);
        }

        /** This configuration with or without the loss. */
        public Config withLoss(boolean loss) {
            return new Config(name, bottleneck, blocks, widths, stem, inputChannels, inputSize, classes, batch, loss);
        }
    }

    private static final List<Integer> IMAGENET_WIDTHS = List.of(64, 128, 256, 512);
    /** torchvision's BatchNorm2d default. */
    private static final double BN_EPS = 1e-5;

    private ResNet() {}

    /**
     * ResNet-18, -34, -50, -101 or -152 for ImageNet (3x224x224, 1000 classes), blocks per stage from He et
     * al. 2016 table 1, with the loss.
     */
    public static Config imagenet(int depth, int batch) {
        return switch (depth) {
            case 18 -> imagenet("resnet18", false, List.of(2, 2, 2, 2), batch);
            case 34 -> imagenet("resnet34", false, List.of(3, 4, 6, 3), batch);
            case 50 -> imagenet("resnet50", true, List.of(3, 4, 6, 3), batch);
            case 101 -> imagenet("resnet101", true, List.of(3, 4, 23, 3), batch);
            case 152 -> imagenet("resnet152", true, List.of(3, 8, 36, 3), batch);
            default -> throw new IllegalArgumentException("no ImageNet ResNet of depth " + depth + " (18, 34, 50, 101, 152)");
        };
    }

    private static Config imagenet(String name, boolean bottleneck, List<Integer> blocks, int batch) {
        return new Config(name, bottleneck, blocks, IMAGENET_WIDTHS, Stem.IMAGENET, 3, 224, 1000, batch, true);
    }

    /**
     * ResNet-8 for CIFAR-10 (He et al. 2016 section 4.2 with n = 1: 6n + 2 = 8 layers; 3x32x32 input, stages
     * of 16, 32, 64 channels, 10 classes), with projection shortcuts rather than the paper's zero padding.
     */
    public static Config resnet8(int batch) {
        return new Config("resnet8", false, List.of(1, 1, 1), List.of(16, 32, 64), Stem.CIFAR, 3, 32, 10, batch, true);
    }

    /** The graph of {@code c}: input {@code image [batch, C, S, S]}, output {@code fc [batch, classes]} and {@code loss}. */
    public static Graph build(Config c) {
        GraphBuilder b = new GraphBuilder(c.name());
        Tensor x = b.input("image", TensorShape.of(c.batch(), c.inputChannels(), c.inputSize(), c.inputSize()),
                TensorClass.ACTIVATION);
        int width = c.widths().get(0);
        if (c.stem() == Stem.IMAGENET) {
            x = conv(b, "conv1", x, width, 7, 2);
        } else {
            x = conv(b, "conv1", x, width, 3, 1);
        }
        x = batchNorm(b, "bn1", x);
        x = b.node("relu", new Relu(), x);
        if (c.stem() == Stem.IMAGENET) {
            x = b.node("maxpool", MaxPool.of(3, 2, 1), x);
        }
        for (int s = 0; s < c.blocks().size(); s++) {
            for (int i = 0; i < c.blocks().get(s); i++) {
                String p = "layer" + (s + 1) + "." + i;
                int stride = s > 0 && i == 0 ? 2 : 1;
                x = c.bottleneck()
                        ? bottleneck(b, p, x, c.widths().get(s), stride)
                        : basicBlock(b, p, x, c.widths().get(s), stride);
            }
        }
        x = b.node("avgpool", new GlobalAvgPool(), x);
        int features = x.shape().dim(1);
        Tensor w = b.parameter("fc.weight", TensorShape.of(c.classes(), features), TensorClass.WEIGHT,
                new Init.XavierUniform(features, c.classes()));
        Tensor bias = b.parameter("fc.bias", TensorShape.of(c.classes()), TensorClass.BIAS, Init.zeros());
        Tensor logits = b.node("fc", new Linear(true), x, w, bias);
        b.output(logits);
        if (c.withLoss()) {
            Tensor labels = b.input("labels", TensorShape.of(c.batch()), TensorClass.INDEX);
            b.output(b.node("loss", new CrossEntropy(), logits, labels));
        }
        return b.build();
    }

    /** torchvision's BasicBlock: 3x3 (stride) - BN - ReLU - 3x3 - BN, plus the shortcut, then ReLU. */
    private static Tensor basicBlock(GraphBuilder b, String p, Tensor x, int width, int stride) {
        Tensor y = conv(b, p + ".conv1", x, width, 3, stride);
        y = batchNorm(b, p + ".bn1", y);
        y = b.node(p + ".relu1", new Relu(), y);
        y = conv(b, p + ".conv2", y, width, 3, 1);
        y = batchNorm(b, p + ".bn2", y);
        return residual(b, p, x, y, stride, p + ".relu2");
    }

    /**
     * torchvision's Bottleneck (v1.5): 1x1 to width - BN - ReLU - 3x3 (stride) - BN - ReLU - 1x1 to 4 width -
     * BN, plus the shortcut, then ReLU.
     */
    private static Tensor bottleneck(GraphBuilder b, String p, Tensor x, int width, int stride) {
        Tensor y = conv(b, p + ".conv1", x, width, 1, 1);
        y = batchNorm(b, p + ".bn1", y);
        y = b.node(p + ".relu1", new Relu(), y);
        y = conv(b, p + ".conv2", y, width, 3, stride);
        y = batchNorm(b, p + ".bn2", y);
        y = b.node(p + ".relu2", new Relu(), y);
        y = conv(b, p + ".conv3", y, 4 * width, 1, 1);
        y = batchNorm(b, p + ".bn3", y);
        return residual(b, p, x, y, stride, p + ".relu3");
    }

    /** Adds the identity, or a 1x1 conv + BN projection when stride or channels change, then ReLU. */
    private static Tensor residual(GraphBuilder b, String p, Tensor x, Tensor y, int stride, String reluName) {
        Tensor shortcut = x;
        if (stride != 1 || x.shape().dim(1) != y.shape().dim(1)) {
            shortcut = conv(b, p + ".downsample.0", x, y.shape().dim(1), 1, stride);
            shortcut = batchNorm(b, p + ".downsample.1", shortcut);
        }
        Tensor sum = b.node(p + ".add", new Add(), y, shortcut);
        return b.node(reluName, new Relu(), sum);
    }

    /** A k x k conv without bias, padding k/2 (torchvision's), weight He normal with fan-out. */
    private static Tensor conv(GraphBuilder b, String name, Tensor x, int out, int k, int stride) {
        int in = x.shape().dim(1);
        Tensor w = b.parameter(name + ".weight", TensorShape.of(out, in, k, k), TensorClass.WEIGHT,
                new Init.HeNormal((long) out * k * k));
        return b.node(name, Conv2d.of(stride, k / 2), x, w);
    }

    private static Tensor batchNorm(GraphBuilder b, String name, Tensor x) {
        TensorShape c = TensorShape.of(x.shape().dim(1));
        Tensor gamma = b.parameter(name + ".weight", c, TensorClass.NORM_PARAM, Init.ones());
        Tensor beta = b.parameter(name + ".bias", c, TensorClass.NORM_PARAM, Init.zeros());
        Tensor mean = b.parameter(name + ".running_mean", c, TensorClass.NORM_STAT, Init.zeros());
        Tensor var = b.parameter(name + ".running_var", c, TensorClass.NORM_STAT, Init.ones());
        return b.node(name, new BatchNorm(BN_EPS), x, gamma, beta, mean, var);
    }
}
