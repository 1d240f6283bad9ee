package io.github.fp8sim.workloads.compiler;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * A graph compiled for one machine: the program, where every materialised tensor lives in DRAM, the
 * DRAM contents the program expects before it starts (weights and constants, produced only when asked
 * for, so a timing run never computes them), and one {@link Layer} per group of nodes lowered together.
 *
 * @param buffers by tensor id: graph inputs, layer outputs and aliases of them
 * @param fed     the graph inputs the host writes before the run (index inputs are compiled in)
 * @param outputs the tensors the run computes for the caller
 */
public record CompiledGraph(Graph graph, Program program, List<Layer> layers, Map<Integer, Buffer> buffers,
                            List<DramInit> inits, List<Tensor> fed, List<Tensor> outputs) {

    public CompiledGraph {
        layers = List.copyOf(layers);
        buffers = Map.copyOf(buffers);
        inits = List.copyOf(inits);
        fed = List.copyOf(fed);
        outputs = List.copyOf(outputs);
    }

    /**
     * Nodes lowered together (a convolution with its folded BatchNorm, residual add and ReLU; a pool; a
     * vector-unit op) and the instructions [first, last] that compute them.
     *
     * @param output the tensor the layer leaves in DRAM, whose values are compared with the reference
     * @param gemms  the GEMMs it runs on the array (none for vector-unit layers)
     */
    public record Layer(String name, String kind, Tensor output, List<GemmShape> gemms, int first, int last) {

        public Layer {
            gemms = List.copyOf(gemms);
        }

        public long macs() {
            return gemms.stream().mapToLong(GemmShape::macs).sum();
        }
    }

    /** Bytes to place in DRAM at {@code addr} before the run (weights in their stored layout, constants). */
    public record DramInit(long addr, Supplier<byte[]> bytes) {
    }

    /** The buffer of {@code t}. */
    public Buffer buffer(Tensor t) {
        Buffer b = buffers.get(t.id());
        if (b == null) {
            throw new IllegalArgumentException("tensor " + t.name() + " is not materialised in DRAM");
        }
        return b;
    }
}
