package io.github.fp8sim.workloads.run;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.workloads.graph.Conv2d;
import io.github.fp8sim.workloads.graph.GlobalAvgPool;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.graph.Linear;
import io.github.fp8sim.workloads.graph.MaxPool;
import io.github.fp8sim.workloads.graph.Node;
import io.github.fp8sim.workloads.graph.Tensor;

/**
 * What a {@link ModelRunner} run holds, estimated from the graph's tensor sizes before anything is
 * compiled, so an impossible batch is refused in milliseconds rather than after minutes of compiling
 * or an out-of-memory error.
 */
public final class ModelMemory {

    private ModelMemory() {
    }

    /**
     * The heap a run holds at its peak, in bytes. Functional mode: the simulated DRAM (every activation
     * at one byte, the FP32 outputs, the weights at one byte), the inputs as floats, and with the
     * reference every tensor the FP32 {@code ReferenceExecutor} keeps (the inputs and every node's output,
     * four bytes each) and its FP32 copy of the weights; {@code loadedWeights} adds the weights read from
     * a file. Timing mode computes no value: the compiled program only, which this does not count.
     */
    public static long heapBytes(Graph graph, Mode mode, boolean reference, boolean loadedWeights) {
        if (mode != Mode.FUNCTIONAL) {
            return 0;
        }
        long params = 0;
        long activations = 0;
        long inputs = 0;
        long outputs = 0;
        long largest = 0;
        Set<Tensor> parameters = new HashSet<>(graph.parameters());
        for (Tensor t : graph.tensors()) {
            if (parameters.contains(t)) {
                params = HeapBudget.plus(params, t.numel());
                continue;
            }
            activations = HeapBudget.plus(activations, t.numel());
            largest = Math.max(largest, t.numel());
        }
        for (Tensor t : graph.inputs()) {
            inputs = HeapBudget.plus(inputs, t.numel());
        }
        for (Tensor t : graph.outputs()) {
            outputs = HeapBudget.plus(outputs, t.numel());
        }
        long dram = HeapBudget.plus(HeapBudget.plus(activations, params), HeapBudget.times(3, outputs));
        long bytes = HeapBudget.plus(dram, HeapBudget.times(4, inputs));
        bytes = HeapBudget.plus(bytes, HeapBudget.times(5, largest));   // one layer read back as bytes and floats
        if (reference) {
            bytes = HeapBudget.plus(bytes, HeapBudget.times(4, HeapBudget.plus(activations, params)));
        }
        if (loadedWeights) {
            bytes = HeapBudget.plus(bytes, HeapBudget.times(4, params));
        }
        return bytes;
    }

    /**
     * The least DRAM the compiled program can need: the parameters, the graph's inputs and FP32 outputs,
     * and every tensor a convolution, pool or linear layer reads (those read from DRAM), each at one byte
     * an element at least. The compiler needs more (padding, alignment, intermediate buffers).
     */
    public static long dramLowerBound(Graph graph) {
        Set<Tensor> stored = new HashSet<>(graph.inputs());
        stored.addAll(graph.parameters());
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Conv2d || n.op() instanceof MaxPool || n.op() instanceof GlobalAvgPool || n.op() instanceof Linear) {
                stored.add(graph.tensor(n.inputs().get(0)));
            }
        }
        long bytes = 0;
        for (Tensor t : stored) {
            bytes = HeapBudget.plus(bytes, t.numel());
        }
        for (Tensor t : graph.outputs()) {
            bytes = HeapBudget.plus(bytes, HeapBudget.times(4, t.numel()));
        }
        return bytes;
    }

    /**
     * Refuses a run that cannot fit: the machine's DRAM (from {@link #dramLowerBound}) or the heap.
     *
     * @throws InputException naming the model, its batch and the sizes
     */
    public static void check(Graph graph, MachineConfig machine, Mode mode, boolean reference, boolean loadedWeights) {
        String job = graph.name() + " at batch " + batch(graph) + " in " + mode.name().toLowerCase(Locale.ROOT) + " mode";
        long dram = dramLowerBound(graph);
        if (dram > machine.dram().bytes()) {
            throw new InputException(job + ": needs at least " + HeapBudget.size(dram) + " of DRAM (inputs, outputs, weights and "
                    + "the activations its layers read), machine " + machine.name() + " has " + HeapBudget.size(machine.dram().bytes()));
        }
        HeapBudget.check(job, heapBytes(graph, mode, reference, loadedWeights));
    }

    private static long batch(Graph graph) {
        return graph.inputs().isEmpty() || graph.inputs().get(0).shape().rank() == 0 ? 1 : graph.inputs().get(0).shape().dim(0);
    }
}
