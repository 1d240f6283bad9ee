package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.runtime.Formats;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.io.InputException;
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
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.LayerNorm;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.LstmCell;
import io.github.fp8sim.workloads.graph.MatMul;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Mul;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.PositionalEncoding;
import io.github.fp8sim.workloads.graph.Relu;
import io.github.fp8sim.workloads.graph.Reshape;
import io.github.fp8sim.workloads.graph.Scale;
import io.github.fp8sim.workloads.graph.Sigmoid;
import io.github.fp8sim.workloads.graph.Slice;
import io.github.fp8sim.workloads.graph.Softmax;
import io.github.fp8sim.workloads.graph.Tanh;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.graph.Transpose;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * Compiles a graph of the IR into one program for a machine: the forward pass of everything the
 * graph's outputs need (a loss output and the labels it reads are left out: inference).
 *
 * <p>Tensors live in DRAM ({@link Buffer}): images NHWC with a zero border as wide as their widest
 * reader's padding, everything else row-major in the IR's order. Weights are converted on the host
 * into the layout the GEMM reads (a convolution's {@code [Cout, Cin, Kh, Kw]} becomes
 * {@code [Kh][Kw][Cin][Cout]}, a linear layer's {@code [out, in]} becomes {@code [in][out]}) and to
 * the operand format with round-to-nearest-even. A BatchNorm after a convolution is folded into the
 * convolution's epilogue as an FP32 per-channel scale and bias (x s + t with s = gamma / sqrt(var +
 * eps), t = beta - mean s), computed on the host in double; a residual add and a ReLU that follow are
 * fused into the same epilogue. Every GEMM output is quantized as {@link Options#activation()} says
 * (ARCHITECTURE.md section 3: forward activations E5M2 round-to-nearest-even), except the graph's
 * outputs, which stay FP32 ({@link Options#graphOutput()}), as the paper keeps the last layer's output.
 *
 * <p>Inputs of class INDEX (token ids) are not data the program reads: gathers by them are compiled
 * into DMA addresses, so the program is specialised to the batch's ids (given to {@link #compile}).
 *
 * <p>Each op has its lowering class ({@link #lower}). In sequence models (GNMT, the Transformer) an LSTM step is one
 * GEMM over {@code [x | h]} then its gates on the vector unit; attention's products are per-batch
 * GEMMs of two activations; embedding lookups are DMA gathers; elementwise ops, softmax and layer
 * norm run in FP32 on the vector unit, fused into chains where a tensor has one reader (a causal mask
 * always reaches its softmax in FP32); reshapes and contiguous slices are aliases of the same DRAM.
 */
public final class GraphCompiler {

    /**
     * @param activation  how GEMM and vector-unit outputs become stored activations
     * @param graphOutput how the graph's outputs are stored
     */
    public record Options(OutputSpec activation, OutputSpec graphOutput) {

        /** The recipe's forward pass on {@code machine}: activations in its A format, RNE, saturating; outputs FP32. */
        public static Options forward(MachineConfig machine) {
            NumFormat a = operandFormat(machine, machine.numerics().aFormat());
            return new Options(new OutputSpec(a, RoundMode.RNE, OverflowMode.SATURATE, machine.sr().bits(), 0),
                    new OutputSpec(NumFormat.FP32, RoundMode.RNE, OverflowMode.SATURATE, machine.sr().bits(), 0));
        }
    }

    private GraphCompiler() {
    }

    /**
     * Compiles {@code graph} for {@code machine}.
     *
     * @param weights     the parameter values, read only when a run asks for the DRAM contents
     * @param indexInputs the values of the graph's INDEX inputs the program's gathers use (token ids)
     * @throws InputException naming the node if the graph uses something the compiler cannot lower, or
     *                        if it does not fit the machine's DRAM
     */
    public static CompiledGraph compile(Graph graph, Weights weights, MachineConfig machine, Options options,
                                        Map<String, FloatTensor> indexInputs) {
        Set<Node> live = liveNodes(graph);
        LoweringContext ctx = new LoweringContext(graph, machine, options, weights, indexInputs, pads(graph, live));
        List<Tensor> fed = new ArrayList<>();
        for (Tensor t : graph.inputs()) {
            if (t.tensorClass() == TensorClass.INDEX || graph.consumers(t).stream().noneMatch(live::contains)) {
                continue;
            }
            ctx.allocate(t, ctx.layoutFor(t), options.activation().format());
            fed.add(t);
        }
        Set<Node> done = new HashSet<>();
        for (Node n : graph.topologicalOrder()) {
            if (!live.contains(n) || done.contains(n)) {
                continue;
            }
            try {
                lower(n, ctx, done);
            } catch (IllegalArgumentException e) {
                throw new InputException(graph.name() + ": node " + n.name() + " (" + n.op().kind() + "): " + e.getMessage());
            }
        }
        ctx.insns.add(new Halt());
        List<Tensor> outputs = graph.outputs().stream().filter(t -> t.tensorClass() != TensorClass.LOSS).toList();
        return new CompiledGraph(graph, new Program(ctx.insns), ctx.layers, ctx.buffers, ctx.inits, fed, outputs);
    }

    /** The nodes the non-loss outputs depend on. */
    static Set<Node> liveNodes(Graph graph) {
        Set<Node> live = new HashSet<>();
        List<Tensor> work = new ArrayList<>();
        for (Tensor t : graph.outputs()) {
            if (t.tensorClass() != TensorClass.LOSS) {
                work.add(t);
            }
        }
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            graph.producer(t).ifPresent(n -> {
                if (live.add(n)) {
                    n.inputs().forEach(id -> work.add(graph.tensor(id)));
                }
            });
        }
        return live;
    }

    /** For each tensor, the widest padding a live reader needs (the NHWC border it is stored with). */
    private static int[] pads(Graph graph, Set<Node> live) {
        int[] pads = new int[graph.tensors().size()];
        for (Node n : graph.topologicalOrder()) {
            if (!live.contains(n)) {
                continue;
            }
            if (n.op() instanceof Conv2d c) {
                int x = n.inputs().get(0);
                pads[x] = Math.max(pads[x], Math.max(c.padH(), c.padW()));
            }
        }
        return pads;
    }

    /**
     * Lowers {@code n}: one arm per op of the IR, so a new op does not compile until it is placed here.
     * Each arm hands the node to the class that lowers it:
     * <ul>
     *   <li>{@link ConvBlockLowering}: a convolution with the BatchNorm, residual add and ReLU it absorbs;</li>
     *   <li>{@link MaxPoolLowering}, {@link GlobalAvgPoolLowering}, {@link LinearLowering};</li>
     *   <li>{@link EmbeddingLowering}: a DMA gather of table rows by the compiled-in token ids;</li>
     *   <li>{@link MatMulLowering}: per-batch GEMMs of two activations, a transposed operand staged first;</li>
     *   <li>{@link LstmCellLowering}: the gate GEMM over [x | h], then the gates on the vector unit;</li>
     *   <li>{@link ElementwiseLowering}: activations, scale, add/mul, positional encoding, causal mask,
     *       softmax and layer norm in FP32, fused into chains ({@link VectorChain});</li>
     *   <li>{@link DataMovementLowering}: reshape and contiguous slices as aliases, other slices,
     *       transposes and concats as strided copies, fills as host constants.</li>
     * </ul>
     *
     * @param fused where the nodes lowered with {@code n} (fused after it) are added, which the compiler then skips
     * @throws IllegalArgumentException if the op, or this use of it, is not lowered
     */
    private static void lower(Node n, LoweringContext ctx, Set<Node> fused) {
        switch (n.op()) {
            case Conv2d c -> fused.addAll(ConvBlockLowering.lower(n, c, ctx));
            case MaxPool p -> MaxPoolLowering.lower(n, p, ctx);
            case GlobalAvgPool g -> GlobalAvgPoolLowering.lower(n, ctx);
            case Linear l -> LinearLowering.lower(n, l, ctx);
            case Embedding e -> EmbeddingLowering.lower(n, ctx);
            case MatMul m -> MatMulLowering.lower(n, m, ctx);
            case LstmCell l -> LstmCellLowering.lower(n, ctx);
            case Relu r -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Gelu g -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Tanh t -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Sigmoid s -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Scale s -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Add a -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Mul m -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case PositionalEncoding p -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case CausalMask m -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Softmax s -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case LayerNorm l -> fused.addAll(ElementwiseLowering.lower(n, ctx));
            case Reshape r -> DataMovementLowering.reshape(n, r, ctx);
            case Slice s -> DataMovementLowering.slice(n, s, ctx);
            case Transpose t -> DataMovementLowering.transpose(n, t, ctx);
            case Concat c -> DataMovementLowering.concat(n, c, ctx);
            case Fill f -> DataMovementLowering.fill(n, f, ctx);
            case BatchNorm b -> throw new IllegalArgumentException(
                    "a batchnorm is lowered only folded into the convolution it follows");
            case AvgPool p -> throw new IllegalArgumentException("the compiler does not lower avgpool yet");
            case CrossEntropy c -> throw new IllegalArgumentException("a loss is not part of the forward program");
        }
    }

    static NumFormat operandFormat(MachineConfig machine, FloatFormat f) {
        return Formats.numFormat(f).filter(NumFormat::isFp8).orElseThrow(() -> new InputException(
                machine.name() + ": operand format " + f.name() + " is not an 8-bit format the ISA names"));
    }
}
