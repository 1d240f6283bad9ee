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
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
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
 * <p>Sequence models (GNMT, the Transformer) go through {@link SequenceLowering}: an LSTM step is one
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
                switch (n.op()) {
                    case Conv2d c -> done.addAll(ConvBlockLowering.lower(n, c, ctx));
                    case MaxPool p -> MaxPoolLowering.lower(n, p, ctx);
                    case GlobalAvgPool g -> lowerGlobalAvgPool(n, ctx);
                    case Linear l -> LinearLowering.lower(n, l, ctx);
                    default -> done.addAll(SequenceLowering.lower(n, ctx));
                }
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

    private static void lowerGlobalAvgPool(Node n, LoweringContext ctx) {
        Tensor x = ctx.input(n, 0);
        Tensor y = ctx.output(n);
        Buffer in = ctx.buffer(x);
        if (!(in.layout() instanceof TensorLayout.Nhwc l)) {
            throw new IllegalArgumentException("global average pooling needs an NHWC image input");
        }
        OutputSpec spec = ctx.outputSpec(y);
        Buffer out = ctx.allocate(y, new TensorLayout.RowMajor(y.shape()), spec.format());
        ctx.beginLayer(n.name(), n.op().kind());
        int maxChannels = (int) Math.min(Math.min(ctx.machine.accumulator().bytes() / 4,
                ctx.machine.scratchpad().bytes() / spec.bytesPerElement()), TilePlan.MAX_DIM / 4);
        GlobalAvgPoolLowering.emit(l.n(), l.h(), l.w(), l.pad(), l.c(), in.addr(), in.format(), out.addr(), spec,
                maxChannels, ctx.insns);
        ctx.endLayer(y);
    }

    static NumFormat operandFormat(MachineConfig machine, FloatFormat f) {
        return Formats.numFormat(f).filter(NumFormat::isFp8).orElseThrow(() -> new InputException(
                machine.name() + ": operand format " + f.name() + " is not an 8-bit format the ISA names"));
    }
}
