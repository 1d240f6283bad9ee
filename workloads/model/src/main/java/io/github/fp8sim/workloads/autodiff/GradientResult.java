package io.github.fp8sim.workloads.autodiff;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * The outcome of one forward and backward pass of {@link GraphGradients}, tensors by name.
 *
 * @param loss                the loss as the forward computed it (not scaled)
 * @param lossScale           the gradient the backward was seeded with, {@code d(loss)/d(loss)}; every gradient here
 *                            is the gradient of {@code lossScale * loss}
 * @param parameterGradients  the gradient of every trainable parameter, in the graph's parameter order; zeros for a
 *                            parameter the loss does not depend on
 * @param activationGradients when asked for: the gradient of every graph input and node output the loss depends
 *                            on (the loss itself included), in the graph's tensor order; otherwise empty
 * @param runningStatistics   the new running mean and variance of every batch normalisation, by parameter name
 *                            ({@code bn1.running_mean}); the values passed in are not changed
 */
public record GradientResult(float loss, double lossScale, Map<String, FloatTensor> parameterGradients,
        Map<String, FloatTensor> activationGradients, Map<String, FloatTensor> runningStatistics) {

    public GradientResult {
        parameterGradients = frozen(parameterGradients);
        activationGradients = frozen(activationGradients);
        runningStatistics = frozen(runningStatistics);
    }

    /**
     * The gradient of the trainable parameter called {@code name}.
     *
     * @throws IllegalArgumentException if there is no trainable parameter of that name
     */
    public FloatTensor parameterGradient(String name) {
        return lookup(parameterGradients, name, "trainable parameter");
    }

    /**
     * The gradient of the activation called {@code name}.
     *
     * @throws IllegalArgumentException if activation gradients were not kept or the loss does not depend on it
     */
    public FloatTensor activationGradient(String name) {
        return lookup(activationGradients, name, "activation gradient");
    }

    private static FloatTensor lookup(Map<String, FloatTensor> map, String name, String what) {
        FloatTensor t = map.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no " + what + " '" + name + "' in this result");
        }
        return t;
    }

    private static Map<String, FloatTensor> frozen(Map<String, FloatTensor> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
