package io.github.fp8sim.workloads.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.github.fp8sim.workloads.graph.Graph;

/**
 * The built-in models by name, each at its default shape (see the builders) with a chosen batch size.
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><td>{@code resnet18}, {@code resnet34}, {@code resnet50}</td><td>ImageNet, 3x224x224, 1000 classes ({@link ResNet})</td></tr>
 *   <tr><td>{@code resnet8}</td><td>CIFAR-10, 3x32x32, 10 classes</td></tr>
 *   <tr><td>{@code gnmt}</td><td>8 + 8 LSTM layers of 1024, 50 tokens, 32000 wordpieces ({@link Gnmt})</td></tr>
 *   <tr><td>{@code gnmt-tiny}</td><td>3 + 3 layers of 32, 6 tokens, vocabulary 64</td></tr>
 *   <tr><td>{@code transformer}</td><td>base: 6 + 6 layers, d_model 512, 128 tokens, 37000 tokens vocabulary ({@link Transformer})</td></tr>
 *   <tr><td>{@code transformer-tiny}</td><td>2 + 2 layers, d_model 32, 8 tokens, vocabulary 64</td></tr>
 * </table>
 */
public final class ModelZoo {

    private static final Map<String, IntFunction<Graph>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("resnet18", batch -> ResNet.build(ResNet.imagenet(18, batch)));
        MODELS.put("resnet34", batch -> ResNet.build(ResNet.imagenet(34, batch)));
        MODELS.put("resnet50", batch -> ResNet.build(ResNet.imagenet(50, batch)));
        MODELS.put("resnet8", batch -> ResNet.build(ResNet.resnet8(batch)));
        MODELS.put("gnmt", batch -> Gnmt.build(Gnmt.published(batch)));
        MODELS.put("gnmt-tiny", batch -> Gnmt.build(Gnmt.tiny(batch)));
        MODELS.put("transformer", batch -> Transformer.build(Transformer.base(batch)));
        MODELS.put("transformer-tiny", batch -> Transformer.build(Transformer.tiny(batch)));
    }

    private ModelZoo() {}

    /** The model names, in the order above. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /**
     * The graph of model {@code name} with {@code batch} samples (images or sentences).
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or batch &lt; 1
     */
    public static Graph build(String name, int batch) {
        IntFunction<Graph> f = MODELS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown model '" + name + "' (known: " + String.join(", ", MODELS.keySet()) + ")");
        }
        return f.apply(batch);
    }
}
