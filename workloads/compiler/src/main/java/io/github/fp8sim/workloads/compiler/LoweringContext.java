package io.github.fp8sim.workloads.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;
import io.github.fp8sim.workloads.graph.TensorClass;
import io.github.fp8sim.workloads.tensor.FloatTensor;
import io.github.fp8sim.workloads.weights.Weights;

/**
 * What every lowering shares while a graph is compiled: the instruction list, the DRAM allocator, the
 * buffer of each materialised tensor, the DRAM contents to place before the run, and the layer being
 * emitted. Lowerings ({@link GraphCompiler}'s per-op classes) only append through it.
 */
final class LoweringContext {

    final Graph graph;
    final MachineConfig machine;
    final GraphCompiler.Options options;
    final Weights weights;
    final Map<String, FloatTensor> indexInputs;
    final List<Instruction> insns = new ArrayList<>();
    final List<CompiledGraph.Layer> layers = new ArrayList<>();
    final List<CompiledGraph.DramInit> inits = new ArrayList<>();
    final Map<Integer, Buffer> buffers = new HashMap<>();
    private final Map<String, Constant> constants = new HashMap<>();
    private final int[] pads;
    private final DramAllocator dram;
    private String layerName;
    private String layerKind;
    private int layerFirst;
    private final List<GemmShape> layerGemms = new ArrayList<>();

    LoweringContext(Graph graph, MachineConfig machine, GraphCompiler.Options options, Weights weights,
                    Map<String, FloatTensor> indexInputs, int[] pads) {
        this.graph = graph;
        this.machine = machine;
        this.options = options;
        this.weights = weights;
        this.indexInputs = indexInputs;
        this.pads = pads;
        this.dram = new DramAllocator(DramAllocator.PAGE, machine.dram().bytes());   // the first page is left unused
    }

    /** The border an NHWC image tensor is stored with: the widest padding among its readers. */
    int pad(Tensor t) {
        return pads[t.id()];
    }

    /**
     * How a tensor this compiler materialises is laid out: NHWC with its readers' border when it is an
     * image a convolution or pool reads, row-major otherwise (attention's [B, h, T, d] is rank 4 too).
     */
    TensorLayout layoutFor(Tensor t) {
        boolean image = t.shape().rank() == 4 && graph.consumers(t).stream().anyMatch(c -> c.op() instanceof Conv2d
                || c.op() instanceof MaxPool || c.op() instanceof GlobalAvgPool);
        return image ? TensorLayout.Nhwc.of(t.shape(), pad(t)) : new TensorLayout.RowMajor(t.shape());
    }

    Tensor input(Node n, int i) {
        return graph.tensor(n.inputs().get(i));
    }

    Tensor output(Node n) {
        return graph.tensor(n.outputs().get(0));
    }

    boolean isGraphOutput(Tensor t) {
        return graph.outputs().contains(t);
    }

    /** The buffer of a tensor an earlier layer (or the host) has materialised. */
    Buffer buffer(Tensor t) {
        Buffer b = buffers.get(t.id());
        if (b == null) {
            throw new IllegalStateException("tensor " + t.name() + " has no buffer yet (lowering order)");
        }
        return b;
    }

    /**
     * The NHWC layout of the image buffer {@code b}, which {@code reader} (e.g. "max pooling") needs.
     *
     * @throws IllegalArgumentException if {@code b} is not an NHWC image
     */
    TensorLayout.Nhwc nhwc(Buffer b, String reader) {
        if (!(b.layout() instanceof TensorLayout.Nhwc l)) {
            throw new IllegalArgumentException(reader + " needs an NHWC image input");
        }
        return l;
    }

    /** How a layer producing {@code t} quantizes it: FP32 for what the caller reads, the activation spec otherwise. */
    OutputSpec outputSpec(Tensor t) {
        return isGraphOutput(t) ? options.graphOutput() : options.activation();
    }

    /** Reserves {@code bytes} of DRAM on their own pages ({@link DramAllocator}). */
    long reserve(String what, long bytes) {
        try {
            return dram.take(bytes);
        } catch (DramAllocator.Exhausted e) {
            throw new InputException(graph.name() + ": " + what + " needs DRAM up to " + e.end() + " bytes; machine "
                    + machine.name() + " has " + e.capacity());
        }
    }

    /** Allocates and registers the buffer of {@code t}. */
    Buffer allocate(Tensor t, TensorLayout layout, NumFormat format) {
        Buffer b = new Buffer(0, format, layout);
        b = new Buffer(reserve(t.name(), b.bytes()), format, layout);
        buffers.put(t.id(), b);
        return b;
    }

    /** Registers {@code t} as another view of an existing buffer (reshape). */
    void alias(Tensor t, Buffer b) {
        buffers.put(t.id(), b);
    }

    /**
     * A DRAM region whose contents the host writes before the run; {@code bytes} is called only then.
     * The key names the contents: asking again for the same key (a weight every time step of an
     * unrolled recurrent network reads, a table shared by two layers) returns the same region.
     */
    long constant(String key, long size, Supplier<byte[]> bytes) {
        Constant c = constants.get(key);
        if (c != null) {
            if (c.size() != size) {
                throw new IllegalStateException("constant " + key + " asked with " + size + " bytes, was " + c.size());
            }
            return c.addr();
        }
        long at = reserve(key, size);
        inits.add(new CompiledGraph.DramInit(at, bytes));
        constants.put(key, new Constant(at, size));
        return at;
    }

    private record Constant(long addr, long size) {
    }

    /** The parameter's values (read from the weights only when a functional run asks for the DRAM image). */
    float[] values(Tensor parameter) {
        if (parameter.tensorClass() == TensorClass.INDEX) {
            throw new IllegalArgumentException(parameter.name() + " is an index tensor");
        }
        return weights.get(parameter);
    }

    void beginLayer(String name, String kind) {
        layerName = name;
        layerKind = kind;
        layerFirst = insns.size();
        layerGemms.clear();
    }

    void gemm(int m, int n, int k) {
        layerGemms.add(new GemmShape(m, n, k));
    }

    void endLayer(Tensor output) {
        if (insns.size() > layerFirst) {
            layers.add(new CompiledGraph.Layer(layerName, layerKind, output, layerGemms, layerFirst, insns.size() - 1));
        }
        layerName = null;
    }
}
