package io.github.fp8sim.workloads.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.Add;
import io.github.fp8sim.workloads.graph.AvgPool;
import io.github.fp8sim.workloads.graph.BatchNorm;
import io.github.fp8sim.workloads.graph.CausalMask;
import io.github.fp8sim.workloads.graph.Concat;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.CrossEntropy;
import io.github.fp8sim.workloads.graph.Embedding;
import io.github.fp8sim.workloads.graph.Fill;
import io.github.fp8sim.workloads.graph.Gelu;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Op;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.ShapeInference;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * The backward pass of every op: one exhaustive {@code switch} over the sealed {@link Op}, so a new op does not
 * compile until it has a gradient. Given an op's forward inputs and outputs and the gradients of some loss with
 * respect to its outputs, it returns the gradients with respect to its inputs, in the op's positional input
 * order. The formulas and their summation orders are documented in the package and in each op's helper class;
 * they are the derivatives of the forward that {@link Forward} (and, outside batch normalisation's training mode,
 * {@link io.github.fp8sim.workloads.reference.ReferenceExecutor}) computes.
 *
 * <p>An entry of the result is {@code null} for an input that takes no gradient: index tensors (embedding ids,
 * cross-entropy labels) and batch normalisation's running mean and variance. {@link Fill} has no inputs and
 * returns an empty list.
 */
public final class Backward {

    private Backward() {}

    /** {@link #apply(Op, List, List, List, Phase)} in {@link Phase#TRAINING}. */
    public static List<FloatTensor> apply(Op op, List<FloatTensor> inputs, List<FloatTensor> outputs,
            List<FloatTensor> outputGradients) {
        return apply(op, inputs, outputs, outputGradients, Phase.TRAINING);
    }

    /**
     * The gradients with respect to {@code op}'s inputs.
     *
     * @param inputs          the forward inputs, in the op's order
     * @param outputs         the forward outputs {@link Forward#apply} gave for them in {@code mode}
     * @param outputGradients one per output, each of that output's shape; a {@code null} entry means no gradient
     *                        flows into that output and counts as zeros (the list itself may hold nulls)
     * @param mode            batch normalisation's statistics: the batch's, or the running ones
     * @return one entry per input (unmodifiable), {@code null} where the input takes no gradient
     * @throws IllegalArgumentException if the inputs do not fit the op, or the outputs or their gradients do not
     *                                  match the op's output shapes
     */
    public static List<FloatTensor> apply(Op op, List<FloatTensor> inputs, List<FloatTensor> outputs,
            List<FloatTensor> outputGradients, Phase mode) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(mode, "mode");
        List<FloatTensor> dy = checkedGradients(op, inputs, outputs, outputGradients);
        return Collections.unmodifiableList(Arrays.asList(gradients(op, inputs, outputs, dy, mode)));
    }

    /**
     * The output gradients after {@link #apply(Op, List, List, List, Phase)}'s checks, nulls kept.
     *
     * @throws IllegalArgumentException as {@link #apply(Op, List, List, List, Phase)}
     */
    static List<FloatTensor> checkedGradients(Op op, List<FloatTensor> inputs, List<FloatTensor> outputs,
            List<FloatTensor> outputGradients) {
        Objects.requireNonNull(op, "op");
        List<TensorShape> shapes = ShapeInference.infer(op, inputs.stream().map(FloatTensor::shape).toList());
        if (outputs.size() != shapes.size() || outputGradients.size() != shapes.size()) {
            throw new IllegalArgumentException(op.kind() + " has " + shapes.size() + " output(s), got " + outputs.size()
                    + " output(s) and " + outputGradients.size() + " gradient(s)");
        }
        List<FloatTensor> dy = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            if (!outputs.get(i).shape().equals(shapes.get(i))) {
                throw new IllegalArgumentException(op.kind() + " output " + i + " has shape " + outputs.get(i).shape()
                        + " but the inputs give " + shapes.get(i));
            }
            FloatTensor g = outputGradients.get(i);
            if (g != null) {
                Grads.orZeros(g, shapes.get(i)); // checks the shape
            }
            dy.add(g);
        }
        return dy;
    }

    /** One exhaustive switch over the op records; each arm calls the op's backward. */
    private static FloatTensor[] gradients(Op op, List<FloatTensor> in, List<FloatTensor> out, List<FloatTensor> dy,
            Phase mode) {
        return switch (op) {
            case Conv2d c -> array(ConvBackward.conv2d(c, in.get(0), in.get(1), only(dy, out)));
            case Linear l -> array(MatrixBackward.linear(l.bias(), in.get(0), in.get(1), only(dy, out), GemmThreads.SERIAL));
            case MatMul m -> array(MatrixBackward.matMul(m, in.get(0), in.get(1), only(dy, out), GemmThreads.SERIAL));
            case BatchNorm b -> batchNorm(b, in, only(dy, out), mode);
            case LayerNorm l -> array(NormBackward.layerNorm(l.eps(), in.get(0), in.get(1), only(dy, out)));
            case Relu r -> single(ElementwiseBackward.relu(in.get(0), only(dy, out)));
            case Gelu g -> single(ElementwiseBackward.gelu(g, in.get(0), only(dy, out)));
            case Tanh t -> single(ElementwiseBackward.tanh(in.get(0), only(dy, out)));
            case Sigmoid s -> single(ElementwiseBackward.sigmoid(in.get(0), only(dy, out)));
            case Add a -> array(ElementwiseBackward.add(in.get(0), in.get(1), only(dy, out)));
            case Mul m -> array(ElementwiseBackward.mul(in.get(0), in.get(1), only(dy, out)));
            case Scale s -> single(ElementwiseBackward.scale(s.factor(), only(dy, out)));
            case MaxPool p -> single(PoolBackward.maxPool(p, in.get(0), only(dy, out)));
            case AvgPool p -> single(PoolBackward.avgPool(p, in.get(0), only(dy, out)));
            case GlobalAvgPool g -> single(PoolBackward.globalAvgPool(in.get(0), only(dy, out)));
            case Softmax s -> single(SoftmaxBackward.softmax(s.axis(), in.get(0), only(dy, out)));
            case Embedding e -> new FloatTensor[] {null, SequenceBackward.embedding(in.get(0), in.get(1), only(dy, out))};
            case PositionalEncoding p -> single(SequenceBackward.positionalEncoding(only(dy, out)));
            case LstmCell l -> array(RecurrentBackward.lstmCell(in, out.get(1), dy.get(0), dy.get(1)));
            case CausalMask m -> single(SequenceBackward.causalMask(only(dy, out)));
            case Concat c -> array(LayoutBackward.concat(c, in, only(dy, out)));
            case Reshape r -> single(LayoutBackward.reshape(in.get(0).shape(), only(dy, out)));
            case Transpose t -> single(LayoutBackward.transpose(t, in.get(0).shape(), only(dy, out)));
            case Slice s -> single(LayoutBackward.slice(s, in.get(0).shape(), only(dy, out)));
            case Fill f -> new FloatTensor[0];
            case CrossEntropy c -> new FloatTensor[] {
                SoftmaxBackward.crossEntropy(c, in.get(0), in.get(1), only(dy, out)), null};
        };
    }

    private static FloatTensor[] batchNorm(BatchNorm b, List<FloatTensor> in, FloatTensor dy, Phase mode) {
        if (mode == Phase.INFERENCE) {
            return array(NormBackward.batchNormInference(b.eps(), in.get(0), in.get(1), in.get(3), in.get(4), dy));
        }
        List<FloatTensor> g = BatchNormTraining.backward(in.get(0), in.get(1), dy, b.eps());
        return new FloatTensor[] {g.get(0), g.get(1), g.get(2), null, null};
    }

    /** The gradient of a single-output op's output: zeros when none flows. */
    private static FloatTensor only(List<FloatTensor> dy, List<FloatTensor> out) {
        FloatTensor g = dy.get(0);
        return g != null ? g : FloatTensor.zeros(out.get(0).shape());
    }

    private static FloatTensor[] single(FloatTensor g) {
        return new FloatTensor[] {g};
    }

    private static FloatTensor[] array(List<FloatTensor> g) {
        return g.toArray(new FloatTensor[0]);
    }
}
