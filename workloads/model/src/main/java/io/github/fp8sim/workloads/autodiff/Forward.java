package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.ShapeInference;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;

/**
 * One op's forward values in a {@link Phase}: {@link ReferenceExecutor#apply(Op, List)} for every op, except
 * batch normalisation in training mode, which is {@link BatchNormTraining#forward}. The values the gradients
 * of {@link Backward} are the derivatives of.
 */
public final class Forward {

    private Forward() {}

    /**
     * The outputs of {@code op} on {@code inputs}.
     *
     * @throws IllegalArgumentException if the inputs do not fit the op
     */
    public static List<FloatTensor> apply(Op op, List<FloatTensor> inputs, Phase mode) {
        if (op instanceof BatchNorm b && mode == Phase.TRAINING) {
            ShapeInference.infer(op, inputs.stream().map(FloatTensor::shape).toList());
            return List.of(BatchNormTraining.forward(inputs.get(0), inputs.get(1), inputs.get(2), b.eps()).output());
        }
        return ReferenceExecutor.apply(op, inputs);
    }
}
