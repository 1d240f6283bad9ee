package io.github.fp8sim.workloads.autodiff;

import java.util.List;

import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * How some ops are computed in a training run, in place of the FP32 reference: the FP8 engine takes the
 * GEMM ops (conv, linear, matmul) onto the modelled MAC array with the recipe's conversions, and leaves
 * every other op to FP32. A method returns null for an op it leaves to the reference.
 */
public interface OpNumerics {

    /** Everything in FP32: the reference. */
    OpNumerics FP32 = new OpNumerics() {
        @Override
        public List<FloatTensor> forward(Node node, List<FloatTensor> inputs, boolean graphOutput) {
            return null;
        }

        @Override
        public List<FloatTensor> backward(Node node, List<FloatTensor> inputs, List<FloatTensor> outputs,
                                          List<FloatTensor> outputGradients) {
            return null;
        }
    };

    /**
     * The outputs of {@code node} on {@code inputs}, or null to use the reference.
     *
     * @param graphOutput the node's output is one the caller reads (logits): it may stay in higher precision
     */
    List<FloatTensor> forward(Node node, List<FloatTensor> inputs, boolean graphOutput);

    /** The gradients of {@code node}'s inputs ({@link Backward#apply}'s contract), or null to use the reference. */
    List<FloatTensor> backward(Node node, List<FloatTensor> inputs, List<FloatTensor> outputs,
                               List<FloatTensor> outputGradients);
}
