package io.github.fp8sim.workloads.autodiff;

import java.util.List;
import java.util.Objects;

import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.ReferenceExecutor;

/**
 * The FP32 reference's numerics for the GEMM ops (conv2d, linear, matmul), forward and backward, with their rows
 * shared by host threads: the same bits as {@link OpNumerics#FP32} for every thread count, only sooner. Every
 * output element is summed whole by one thread in the reference's order ({@linkplain
 * io.github.fp8sim.workloads.autodiff package documentation}); threads take whole rows of an output (output
 * channels, rows of a matrix, batch indices of a matmul), never part of a sum. Every other op is left to the
 * reference.
 *
 * <ul>
 *   <li>Forward: {@link ReferenceExecutor#apply(io.github.fp8sim.workloads.graph.Op, List, GemmThreads)}.</li>
 *   <li>Linear and matmul backward: {@link Backward}'s own products, threaded.</li>
 *   <li>Conv2d backward: {@code dX} and {@code dW} as GEMMs over gathered operands, in place of the reference's
 *       direct loops, with the reference's sums to the bit; a convolution whose weight or output gradient holds
 *       an infinity or NaN is left to the reference, whose skipped taps the GEMMs would otherwise turn into NaN
 *       products.</li>
 * </ul>
 *
 * <pre>{@code
 * try (GemmThreads threads = GemmThreads.of(2)) {
 *     GradientResult r = GraphGradients.of(g, weights).numerics(new Fp32Numerics(threads)).run(inputs, 1024, false);
 * }
 * }</pre>
 *
 * <p>Stateless apart from the threads, which the caller owns and closes.
 */
public final class Fp32Numerics implements OpNumerics {

    private final GemmThreads threads;

    /** Numerics whose GEMM rows {@code threads} share ({@link GemmThreads#SERIAL}: all on the calling thread). */
    public Fp32Numerics(GemmThreads threads) {
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /** The host threads that share the rows. */
    public GemmThreads threads() {
        return threads;
    }

    /** The reference's outputs of a conv2d, linear or matmul node; null for every other op. */
    @Override
    public List<FloatTensor> forward(Node node, List<FloatTensor> inputs, boolean graphOutput) {
        return switch (node.op()) {
            case Conv2d c -> ReferenceExecutor.apply(c, inputs, threads);
            case Linear l -> ReferenceExecutor.apply(l, inputs, threads);
            case MatMul m -> ReferenceExecutor.apply(m, inputs, threads);
            default -> null;
        };
    }

    /**
     * {@link Backward#apply}'s gradients of a conv2d, linear or matmul node; null for every other op, for a node
     * no gradient reaches, and for a convolution with a non-finite weight or output gradient.
     *
     * @throws IllegalArgumentException as {@link Backward#apply}
     */
    @Override
    public List<FloatTensor> backward(Node node, List<FloatTensor> inputs, List<FloatTensor> outputs,
                                      List<FloatTensor> outputGradients) {
        if (!(node.op() instanceof Conv2d || node.op() instanceof Linear || node.op() instanceof MatMul)) {
            return null;
        }
        FloatTensor dy = Backward.checkedGradients(node.op(), inputs, outputs, outputGradients).get(0);
        if (dy == null) {
            return null;
        }
        FloatTensor a = inputs.get(0);
        FloatTensor b = inputs.get(1);
        return switch (node.op()) {
            case Conv2d c -> ConvGradientGemms.conv2d(c, a, b, dy, threads);
            case Linear l -> MatrixBackward.linear(l.bias(), a, b, dy, threads);
            case MatMul m -> MatrixBackward.matMul(m, a, b, dy, threads);
            default -> null;
        };
    }
}
