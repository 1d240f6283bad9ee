package io.github.fp8sim.workloads.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.PhiloxSource;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.GemmThreads;
import io.github.fp8sim.workloads.autodiff.Fp32Numerics;
import io.github.fp8sim.workloads.autodiff.LstmGateGradients;
import io.github.fp8sim.workloads.autodiff.OpNumerics;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.reference.LstmGates;

/**
 * The paper's FP8 training numerics for the GEMM ops (Mellempudi et al. 2019; ARCHITECTURE.md section
 * 3): every GEMM, forward ({@code Y = X W}), error ({@code dX = dY W^T}) and weight gradient
 * ({@code dW = X^T dY}), runs on the machine's MAC array with 8-bit operands and FP32 accumulation;
 * activations and weights enter it rounded to {@link Recipe#activation()} / {@link Recipe#weight()}
 * with round-to-nearest-even, errors entering and leaving it and weight gradients leaving it rounded
 * with {@link Recipe#backward()} (stochastic by default). The graph's outputs (logits) stay FP32, as
 * the paper keeps the loss in full precision. Convolutions are GEMMs over the im2col operand; the
 * error GEMM's output is scattered back to the image (col2im) in FP32 before it is rounded. A batched
 * matmul (attention's {@code Q K^T} and {@code P V}) multiplies two activations: both enter the array
 * as activations, and both of its input gradients leave it as errors. An LSTM step's gate GEMM
 * {@code z = [x | h] [wIh | wHh]^T + bias} runs on the array like a linear layer's, but z stays FP32
 * (as the compiled program keeps it, LstmCellLowering) for the gate phase, which runs in FP32 as the
 * reference's; its backward rounds dz as an error and runs dz's error GEMM (into x and h) and weight
 * GEMM (into wIh and wHh) on the array; the cell state's gradient stays FP32 (no GEMM). The layers
 * named in {@link Recipe#fp32Layers()} stay out of all this: forward and backward in FP32 with the
 * reference's bits ({@link Fp32Numerics}), nothing rounded on their way in or out.
 *
 * <p>Two {@link GemmEngine}s run those GEMMs, with the same bits: the MAC array called directly (the
 * default), or each GEMM compiled to an ISA program and executed on the modelled machine, whose cycles
 * and energy {@link #executedGemms()} sums. The conversions (and SR's Philox bits) stay on the host,
 * the same for both.
 *
 * <p>Overflow: every FP32 value about to be converted on the backward pass is checked against the
 * target format's largest finite value (and for Inf/NaN) before conversion; {@link #overflowed()}
 * reports it for the loss scaler.
 *
 * <p>Random bits: the conversion of role {@code r} (0 incoming error, 1 outgoing error, 2 weight
 * gradient, or a matmul's second operand's error) of node {@code n} at training step {@code s} draws element {@code i}'s bits from Philox
 * at counter (i, s, 3n + r), keyed by {@code SplitMix64.laneSeed(seed, 1)} (a key apart from the
 * master-weight updates' {@code seed}, so the two never share a random word): a pure function of the element.
 */
public final class Fp8Numerics implements OpNumerics {

    /**
     * The formats and roundings of the recipe.
     *
     * @param srBits     random bits per stochastic rounding (ARCHITECTURE.md section 2: 8 for FP8 outputs)
     * @param fp32Layers the names of the GEMM layers (conv, linear, LSTM cell) that stay in FP32, forward and
     *                   backward, with the reference's bits (ARCHITECTURE.md section 3: the first conv and the
     *                   last FC may stay in higher precision); empty in the paper's recipe
     */
    public record Recipe(FloatFormat activation, FloatFormat weight, FloatFormat error, FloatFormat gradient,
                         Rounding backward, int srBits, Set<String> fp32Layers) {

        public Recipe {
            fp32Layers = Collections.unmodifiableSet(new LinkedHashSet<>(fp32Layers));
        }

        /** A recipe with every GEMM layer in FP8. */
        public Recipe(FloatFormat activation, FloatFormat weight, FloatFormat error, FloatFormat gradient,
                      Rounding backward, int srBits) {
            this(activation, weight, error, gradient, backward, srBits, Set.of());
        }

        /** This recipe with {@code layers} kept in FP32. */
        public Recipe withFp32Layers(Set<String> layers) {
            return new Recipe(activation, weight, error, gradient, backward, srBits, layers);
        }

        /** E5M2 everywhere; forward RNE, backward SR with 8 random bits. */
        public static Recipe paper() {
            return of(FloatFormat.E5M2, Rounding.SR);
        }

        /** One format for every tensor class, and the backward rounding. */
        public static Recipe of(FloatFormat format, Rounding backward) {
            return new Recipe(format, format, format, format, backward, 8);
        }
    }

    private final Recipe recipe;
    private final GemmEngine gemm;
    private final Fp32Numerics fp32;       // the recipe's FP32 layers
    private final long seed;
    private final OverflowCheck errorLimit;
    private final OverflowCheck gradientLimit;
    private long step;
    private boolean overflow;

    /** The engine with its GEMMs on the MAC array called directly ({@link GemmEngine.Kind#ARRAY}). */
    public Fp8Numerics(Recipe recipe, MachineConfig machine, GemmThreads threads, long seed) {
        this(recipe, machine, threads, seed, GemmEngine.Kind.ARRAY);
    }

    /**
     * The engine with its GEMMs run by {@code engine}: the array called directly, or each GEMM compiled to
     * an ISA program and executed on the machine ({@link GemmEngine.Kind#ISA}); the bits are the same.
     */
    public Fp8Numerics(Recipe recipe, MachineConfig machine, GemmThreads threads, long seed, GemmEngine.Kind engine) {
        this.recipe = recipe;
        this.gemm = GemmEngine.of(engine, machine, threads);
        this.fp32 = new Fp32Numerics(threads);
        // a key of its own, so the engine's bits never coincide with the master update's Philox(seed) stream
        this.seed = io.github.fp8sim.datapath.random.SplitMix64.laneSeed(seed, 1);
        this.errorLimit = OverflowCheck.above(recipe.error());
        this.gradientLimit = OverflowCheck.above(recipe.gradient());
    }

    public Recipe recipe() {
        return recipe;
    }

    /** Starts training step {@code s}: the random streams move on and the overflow flag clears. */
    public void beginStep(long s) {
        step = s;
        overflow = false;
    }

    /** The cost of every GEMM program run so far (forward, backward, evaluation), with the ISA engine. */
    public Optional<ExecutedGemms> executedGemms() {
        return gemm.executed();
    }

    /** Whether any backward value of this step was beyond its FP8 format before conversion. */
    public boolean overflowed() {
        return overflow;
    }

    @Override
    public List<FloatTensor> forward(Node node, List<FloatTensor> in, boolean graphOutput) {
        if (recipe.fp32Layers().contains(node.name())) {
            return fp32.forward(node, in, graphOutput);
        }
        return switch (node.op()) {
            case Conv2d c -> List.of(ConvGemms.forward(this, c, in, graphOutput));
            case Linear l -> List.of(linearForward(l, in, graphOutput));
            case MatMul m -> List.of(matMulForward(m, in, graphOutput));
            case LstmCell l -> LstmGates.apply(gatePreActivations(in), in.get(2));
            default -> null;
        };
    }

    @Override
    public List<FloatTensor> backward(Node node, List<FloatTensor> in, List<FloatTensor> out, List<FloatTensor> grads) {
        if (recipe.fp32Layers().contains(node.name())) {
            return fp32.backward(node, in, out, grads);
        }
        if (node.op() instanceof LstmCell) {
            return lstmBackward(node.index(), in, out.get(1), grads.get(0), grads.get(1));
        }
        if (grads.get(0) == null) {
            return null;
        }
        return switch (node.op()) {
            case Conv2d c -> ConvGemms.backward(this, node.index(), c, in, grads.get(0));
            case Linear l -> linearBackward(node.index(), l, in, grads.get(0));
            case MatMul m -> matMulBackward(node.index(), m, in, grads.get(0));
            default -> null;
        };
    }

    // ---- conversions and the array, shared with ConvGemms

    byte[] activationCodes(float[] v) {
        return Codes.encode(v, recipe.activation(), Rounding.RNE, recipe.srBits(), null);
    }

    byte[] weightCodes(float[] v) {
        return Codes.encode(v, recipe.weight(), Rounding.RNE, recipe.srBits(), null);
    }

    /** A forward GEMM output: to the activation format with RNE, or kept FP32 for a graph output. */
    float[] forwardOutput(float[] acc, boolean graphOutput) {
        return graphOutput ? acc : Codes.decode(activationCodes(acc), recipe.activation());
    }

    /** An error tensor rounded for role {@code role} of node {@code node}, after the overflow check. */
    byte[] errorCodes(float[] v, int node, int role) {
        overflow |= errorLimit.found(v);
        return Codes.encode(v, recipe.error(), recipe.backward(), recipe.srBits(), source(node, role));
    }

    byte[] gradientCodes(float[] v, int node) {
        overflow |= gradientLimit.found(v);
        return Codes.encode(v, recipe.gradient(), recipe.backward(), recipe.srBits(), source(node, 2));
    }

    private PhiloxSource source(int node, int role) {
        return new PhiloxSource(seed, 3 * node + role, step, 1);
    }

    float[] multiply(byte[] a, FloatFormat fa, byte[] b, FloatFormat fb, int m, int n, int k) {
        return gemm.multiply(a, fa, b, fb, m, n, k);
    }

    // ---- linear: y = x W^T + b over the last axis

    private FloatTensor linearForward(Linear l, List<FloatTensor> in, boolean graphOutput) {
        FloatTensor x = in.get(0);
        FloatTensor w = in.get(1);
        int out = w.shape().dim(0);
        int k = w.shape().dim(1);
        int rows = x.size() / k;
        byte[] xq = activationCodes(x.data());
        byte[] wt = Codes.transpose(weightCodes(w.data()), out, k);
        float[] y = multiply(xq, recipe.activation(), wt, recipe.weight(), rows, out, k);
        if (l.bias()) {
            float[] b = in.get(2).data();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < out; j++) {
                    y[r * out + j] += b[j];
                }
            }
        }
        return new FloatTensor(x.shape().withDim(x.shape().rank() - 1, out), forwardOutput(y, graphOutput));
    }

    private List<FloatTensor> linearBackward(int node, Linear l, List<FloatTensor> in, FloatTensor dy) {
        FloatTensor x = in.get(0);
        FloatTensor w = in.get(1);
        int out = w.shape().dim(0);
        int k = w.shape().dim(1);
        int rows = x.size() / k;
        byte[] dyq = errorCodes(dy.data(), node, 0);
        byte[] wq = weightCodes(w.data());
        float[] dx = multiply(dyq, recipe.error(), wq, recipe.weight(), rows, k, out);
        byte[] dxq = errorCodes(dx, node, 1);
        byte[] xq = activationCodes(x.data());
        float[] dw = multiply(Codes.transpose(dyq, rows, out), recipe.error(), xq, recipe.activation(), out, k, rows);
        byte[] dwq = gradientCodes(dw, node);
        List<FloatTensor> grads = new ArrayList<>();
        grads.add(new FloatTensor(x.shape(), Codes.decode(dxq, recipe.error())));
        grads.add(new FloatTensor(w.shape(), Codes.decode(dwq, recipe.gradient())));
        if (l.bias()) {
            float[] db = Codes.columnSums(dyq, recipe.error(), out);
            grads.add(new FloatTensor(in.get(2).shape(), db));
        }
        return grads;
    }

    // ---- matmul: C[b] = op(A[b]) op(B[b]) per batch index

    private FloatTensor matMulForward(MatMul m, List<FloatTensor> in, boolean graphOutput) {
        MatMulShape g = MatMulShape.of(m, in.get(0).shape(), in.get(1).shape());
        byte[] a = activationCodes(in.get(0).data());
        byte[] b = activationCodes(in.get(1).data());
        float[] c = new float[g.batches() * g.rows() * g.cols()];
        for (int i = 0; i < g.batches(); i++) {
            float[] ci = multiply(g.opA(a, i), recipe.activation(), g.opB(b, i), recipe.activation(), g.rows(), g.cols(), g.inner());
            System.arraycopy(ci, 0, c, i * ci.length, ci.length);
        }
        return new FloatTensor(g.outShape(), forwardOutput(c, graphOutput));
    }

    private List<FloatTensor> matMulBackward(int node, MatMul m, List<FloatTensor> in, FloatTensor dc) {
        MatMulShape g = MatMulShape.of(m, in.get(0).shape(), in.get(1).shape());
        byte[] a = activationCodes(in.get(0).data());
        byte[] b = activationCodes(in.get(1).data());
        byte[] dcq = errorCodes(dc.data(), node, 0);
        float[] da = new float[a.length];
        float[] db = new float[b.length];
        int block = g.rows() * g.cols();
        for (int i = 0; i < g.batches(); i++) {
            byte[] dci = java.util.Arrays.copyOfRange(dcq, i * block, (i + 1) * block);
            // d op(A) = dC op(B)^T  (M x K);  d op(B) = op(A)^T dC  (K x N)
            float[] dOpA = multiply(dci, recipe.error(), g.opBTransposed(b, i), recipe.activation(),
                    g.rows(), g.inner(), g.cols());
            float[] dOpB = multiply(g.opATransposed(a, i), recipe.activation(), dci, recipe.error(),
                    g.inner(), g.cols(), g.rows());
            g.placeA(dOpA, da, i);
            g.placeB(dOpB, db, i);
        }
        byte[] daq = errorCodes(da, node, 1);
        byte[] dbq = errorCodes(db, node, 2);
        return List.of(new FloatTensor(in.get(0).shape(), Codes.decode(daq, recipe.error())),
                new FloatTensor(in.get(1).shape(), Codes.decode(dbq, recipe.error())));
    }

    // ---- LSTM step: z = [x | h] [wIh | wHh]^T + bias, then the gates in FP32

    /** The joined weight [4H][In + H]: each gate row is wIh's row then wHh's. */
    private static float[] joinedWeights(FloatTensor wIh, FloatTensor wHh) {
        int gates = wIh.shape().dim(0);
        int in = wIh.shape().dim(1);
        int hidden = wHh.shape().dim(1);
        float[] w = new float[gates * (in + hidden)];
        for (int k = 0; k < gates; k++) {
            System.arraycopy(wIh.data(), k * in, w, k * (in + hidden), in);
            System.arraycopy(wHh.data(), k * hidden, w, k * (in + hidden) + in, hidden);
        }
        return w;
    }

    /** The joined operand [B][In + H]: each row is x's then h's. */
    private static float[] joinedInputs(FloatTensor x, FloatTensor h) {
        int batch = x.shape().dim(0);
        int in = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        float[] j = new float[batch * (in + hidden)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x.data(), b * in, j, b * (in + hidden), in);
            System.arraycopy(h.data(), b * hidden, j, b * (in + hidden) + in, hidden);
        }
        return j;
    }

    /** The gate pre-activations on the array, FP32: inputs x, h, c, wIh, wHh, bias. */
    private float[] gatePreActivations(List<FloatTensor> in) {
        FloatTensor x = in.get(0);
        FloatTensor h = in.get(1);
        int batch = x.shape().dim(0);
        int k = x.shape().dim(1) + h.shape().dim(1);
        int gates = in.get(3).shape().dim(0);
        byte[] joined = activationCodes(joinedInputs(x, h));
        byte[] wt = Codes.transpose(weightCodes(joinedWeights(in.get(3), in.get(4))), gates, k);
        float[] z = multiply(joined, recipe.activation(), wt, recipe.weight(), batch, gates, k);
        float[] bias = in.get(5).data();
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < gates; g++) {
                z[b * gates + g] += bias[g];
            }
        }
        return z;
    }

    private List<FloatTensor> lstmBackward(int node, List<FloatTensor> in, FloatTensor cNext, FloatTensor dhNext,
                                           FloatTensor dcNext) {
        if (dhNext == null && dcNext == null) {
            return null;
        }
        FloatTensor x = in.get(0);
        FloatTensor h = in.get(1);
        int batch = x.shape().dim(0);
        int input = x.shape().dim(1);
        int hidden = h.shape().dim(1);
        int k = input + hidden;
        int gates = 4 * hidden;
        LstmGateGradients gg = LstmGateGradients.of(gatePreActivations(in), in.get(2), cNext, dhNext, dcNext);
        byte[] dzq = errorCodes(gg.dz(), node, 0);
        byte[] wq = weightCodes(joinedWeights(in.get(3), in.get(4)));
        float[] dJoined = multiply(dzq, recipe.error(), wq, recipe.weight(), batch, k, gates);
        float[] dj = Codes.decode(errorCodes(dJoined, node, 1), recipe.error());
        byte[] joined = activationCodes(joinedInputs(x, h));
        float[] dw = Codes.decode(gradientCodes(multiply(Codes.transpose(dzq, batch, gates), recipe.error(), joined,
                recipe.activation(), gates, k, batch), node), recipe.gradient());
        float[] dx = new float[batch * input];
        float[] dh = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dj, b * k, dx, b * input, input);
            System.arraycopy(dj, b * k + input, dh, b * hidden, hidden);
        }
        float[] dwIh = new float[gates * input];
        float[] dwHh = new float[gates * hidden];
        for (int g = 0; g < gates; g++) {
            System.arraycopy(dw, g * k, dwIh, g * input, input);
            System.arraycopy(dw, g * k + input, dwHh, g * hidden, hidden);
        }
        return List.of(new FloatTensor(x.shape(), dx), new FloatTensor(h.shape(), dh), gg.dc(),
                new FloatTensor(in.get(3).shape(), dwIh), new FloatTensor(in.get(4).shape(), dwHh),
                new FloatTensor(in.get(5).shape(), Codes.columnSums(dzq, recipe.error(), gates)));
    }
}
