package io.github.fp8sim.workloads.autodiff;

import static io.github.fp8sim.workloads.autodiff.TestValues.awayFromZero;
import static io.github.fp8sim.workloads.autodiff.TestValues.between;
import static io.github.fp8sim.workloads.autodiff.TestValues.distinct;
import static io.github.fp8sim.workloads.autodiff.TestValues.indices;
import static io.github.fp8sim.workloads.autodiff.TestValues.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.tensor.TensorShape;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;

/**
 * Every op's gradient agrees with finite differences of its forward, on random inputs built to stay clear of
 * kinks (ReLU at 0, max-pool ties). The cases cover each op record and the variants that change the backward:
 * conv stride, padding, dilation and groups; matmul transposes and batch dimensions; broadcasting on either side;
 * softmax over a middle axis; an LSTM step with either or both output gradients; batch norm in both modes.
 */
class EveryOpGradientTest {

    /** Relative tolerance of the finite-difference comparison; the float rounding of the outputs accounts for up to 2e-5. */
    private static final double TOLERANCE = 2e-4;

    /** One op on some inputs; {@code noGradient}: the inputs that take none; {@code silent}: the outputs given none. */
    record Case(String name, Op op, Phase mode, List<FloatTensor> inputs, Set<Integer> noGradient, Set<Integer> silent) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, Op op, FloatTensor... inputs) {
        return new Case(name, op, Phase.TRAINING, List.of(inputs), Set.of(), Set.of());
    }

    private static Case without(String name, Op op, Set<Integer> noGradient, FloatTensor... inputs) {
        return new Case(name, op, Phase.TRAINING, List.of(inputs), noGradient, Set.of());
    }

    static Stream<Case> cases() {
        return Stream.of(
                of("conv stride 2, padding 1, dilation 2, 2 groups, bias", new Conv2d(2, 2, 1, 1, 2, 2, 2, true),
                        uniform(1, 1, 2, 4, 7, 7), uniform(2, 1, 4, 2, 3, 3), uniform(3, 1, 4)),
                of("conv with unequal strides and padding per axis", new Conv2d(1, 2, 2, 0, 1, 1, 1, false),
                        uniform(4, 1, 1, 3, 5, 6), uniform(5, 1, 2, 3, 3, 2)),
                of("conv whose stride 3 skips inputs", new Conv2d(3, 3, 0, 0, 1, 1, 1, true),
                        uniform(6, 1, 1, 2, 7, 7), uniform(7, 1, 3, 2, 2, 2), uniform(8, 1, 3)),
                of("depthwise conv", new Conv2d(1, 1, 1, 1, 1, 1, 3, false),
                        uniform(9, 1, 1, 3, 5, 5), uniform(10, 1, 3, 1, 3, 3)),
                of("linear over a rank-3 input, bias", new Linear(true),
                        uniform(11, 1, 2, 3, 4), uniform(12, 1, 5, 4), uniform(13, 1, 5)),
                of("linear without bias", new Linear(false), uniform(14, 1, 3, 4), uniform(15, 1, 2, 4)),
                of("batched matmul", new MatMul(false, false), uniform(16, 1, 2, 3, 4), uniform(17, 1, 2, 4, 5)),
                of("matmul A^T B^T", new MatMul(true, true), uniform(18, 1, 2, 4, 3), uniform(19, 1, 2, 5, 4)),
                of("attention scores Q K^T, rank 4", new MatMul(false, true),
                        uniform(20, 1, 1, 2, 3, 4), uniform(21, 1, 1, 2, 5, 4)),
                of("matmul A^T B", new MatMul(true, false), uniform(22, 1, 4, 3), uniform(23, 1, 4, 2)),
                without("batch norm, training, images", new BatchNorm(1e-5), Set.of(3, 4), uniform(24, 2, 3, 2, 2, 3),
                        between(25, 0.5, 1.5, 2), uniform(26, 1, 2), uniform(27, 1, 2), between(28, 0.5, 1.5, 2)),
                without("batch norm, training, [N, C]", new BatchNorm(1e-3), Set.of(3, 4), uniform(29, 2, 5, 3),
                        between(30, 0.5, 1.5, 3), uniform(31, 1, 3), uniform(32, 1, 3), between(33, 0.5, 1.5, 3)),
                new Case("batch norm, inference", new BatchNorm(1e-5), Phase.INFERENCE, List.of(uniform(34, 2, 2, 3, 2, 2),
                        between(35, 0.5, 1.5, 3), uniform(36, 1, 3), uniform(37, 1, 3), between(38, 0.5, 1.5, 3)),
                        Set.of(3, 4), Set.of()),
                of("layer norm", new LayerNorm(1e-5), uniform(39, 2, 2, 3, 5), between(40, 0.5, 1.5, 5),
                        uniform(41, 1, 5)),
                of("relu away from 0", new Relu(), awayFromZero(42, 0.1, 2, 3, 7)),
                of("gelu, exact", new Gelu(false), uniform(43, 3, 3, 7)),
                of("gelu, tanh approximation", new Gelu(true), uniform(44, 3, 3, 7)),
                of("tanh", new Tanh(), uniform(45, 2, 3, 7)),
                of("sigmoid", new Sigmoid(), uniform(46, 3, 3, 7)),
                of("add, same shapes", new Add(), uniform(47, 1, 2, 3), uniform(48, 1, 2, 3)),
                of("add, b [3, 1] broadcast over a [2, 3, 4]", new Add(), uniform(49, 1, 2, 3, 4), uniform(50, 1, 3, 1)),
                of("add, both operands broadcast", new Add(), uniform(51, 1, 1, 4), uniform(52, 1, 3, 1)),
                of("mul, a [2, 1, 4] broadcast against b [3, 4]", new Mul(), uniform(53, 1, 2, 1, 4), uniform(54, 1, 3, 4)),
                of("mul by a one-element tensor", new Mul(), uniform(55, 1, 1), uniform(56, 1, 2, 3)),
                of("scale", new Scale(0.37), uniform(57, 1, 2, 5)),
                of("max pool 3x3 stride 2 padding 1", MaxPool.of(3, 2, 1), distinct(58, 0.0625, 2, 2, 7, 7)),
                of("max pool with overlapping 2x2 windows", new MaxPool(2, 2, 1, 1, 0, 0), distinct(59, 0.0625, 1, 2, 4, 5)),
                of("average pool counting padding", new AvgPool(3, 3, 2, 2, 1, 1, true), uniform(60, 1, 2, 2, 5, 5)),
                of("average pool not counting padding", new AvgPool(3, 2, 2, 1, 1, 1, false), uniform(61, 1, 1, 2, 5, 4)),
                of("global average pool", new GlobalAvgPool(), uniform(62, 1, 2, 3, 3, 4)),
                of("softmax over a middle axis", new Softmax(1), uniform(63, 2, 2, 4, 3)),
                of("softmax over the last axis", new Softmax(-1), uniform(64, 2, 3, 5)),
                without("embedding with repeated ids", new Embedding(), Set.of(0), TestValues.of(new int[] {2, 3},
                        1, 3, 1, 0, 4, 1), uniform(65, 1, 5, 4)),
                of("positional encoding", new PositionalEncoding(), uniform(66, 1, 2, 3, 4)),
                lstm("lstm step, both output gradients", Set.of()),
                lstm("lstm step, gradient into h' only", Set.of(1)),
                lstm("lstm step, gradient into c' only", Set.of(0)),
                of("causal mask, square", new CausalMask(), uniform(67, 1, 2, 3, 3)),
                of("causal mask, more keys than queries", new CausalMask(), uniform(68, 1, 3, 4)),
                of("concat along axis 1", new Concat(1), uniform(69, 1, 2, 2, 3), uniform(70, 1, 2, 1, 3),
                        uniform(71, 1, 2, 3, 3)),
                of("reshape", new Reshape(TensorShape.of(6, 4)), uniform(72, 1, 2, 3, 4)),
                of("transpose (2, 0, 1)", Transpose.of(2, 0, 1), uniform(73, 1, 2, 3, 4)),
                of("slice [1, 3) of axis 1", new Slice(1, 1, 3), uniform(74, 1, 2, 4, 3)),
                of("fill has no inputs", Fill.zeros(TensorShape.of(2, 2))),
                without("cross-entropy", new CrossEntropy(), Set.of(1), uniform(75, 2, 4, 5),
                        TestValues.of(new int[] {4}, 0, 4, 2, 4)));
    }

    private static Case lstm(String name, Set<Integer> silent) {
        return new Case(name, new LstmCell(), Phase.TRAINING, List.of(uniform(80, 1, 3, 4), uniform(81, 1, 3, 2),
                uniform(82, 1, 3, 2), uniform(83, 1, 8, 4), uniform(84, 1, 8, 2), uniform(85, 1, 8)), Set.of(), silent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Case c) {
        GradientCheck.check(c.op(), c.mode(), c.inputs(), c.noGradient(), c.silent(), c.name().hashCode(), TOLERANCE);
    }

    @Test
    void everyOpHasACase() {
        Set<String> ops = Arrays.stream(Op.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = cases().map(c -> c.op().getClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ops, covered);
    }
}
