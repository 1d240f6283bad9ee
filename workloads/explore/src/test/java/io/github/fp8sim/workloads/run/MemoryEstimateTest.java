package io.github.fp8sim.workloads.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.memory.HeapBudget;
import io.github.fp8sim.workloads.compiler.Buffer;
import io.github.fp8sim.workloads.compiler.CompiledGraph;
import io.github.fp8sim.workloads.compiler.TestGraphs;
import io.github.fp8sim.workloads.graph.Graph;
import io.github.fp8sim.workloads.models.ModelZoo;
import io.github.fp8sim.workloads.topology.Topology;
import io.github.fp8sim.workloads.weights.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimators of what a run holds ({@link ModelMemory}, {@link TopologyRunner#heapBytes}) and their refusals. */
class MemoryEstimateTest {

    private static final MachineConfig MACHINE = Presets.get(Presets.DEFAULT);

    private static Graph small() {
        return TestGraphs.convPool();
    }

    @Test
    void aSmallModelsEstimateIsTheHandCountedBytes() {
        // tensors: x 2*3*9*9 = 486, conv 2*8*9*9 = 1296, pool 2*8*5*5 = 400, gap 16, fc 8 -> 2206 activations;
        // parameters 8*3*3*3 + 4*8 = 248; the one output fc has 8 values, the largest tensor 1296
        long dram = 2206 + 248 + 3 * 8;             // every activation and weight at 1 byte, the FP32 output at 4
        long inputs = 4 * 486;                       // the input as floats
        long readBack = 5 * 1296;                    // the largest layer read back as bytes and as floats
        long reference = 4 * (2206 + 248);           // the FP32 reference keeps every tensor and its weights
        Graph g = small();
        assertEquals(dram + inputs + readBack + reference, ModelMemory.heapBytes(g, Mode.FUNCTIONAL, true, false));
        assertEquals(dram + inputs + readBack, ModelMemory.heapBytes(g, Mode.FUNCTIONAL, false, false));
        assertEquals(dram + inputs + readBack + 4 * 248, ModelMemory.heapBytes(g, Mode.FUNCTIONAL, false, true));
        assertEquals(0, ModelMemory.heapBytes(g, Mode.TIMING, true, false));
        // DRAM: the input 486, the weights 248, what the pool, the global pool and the linear read (1296, 400, 16),
        // and the FP32 output 4 * 8
        assertEquals(486 + 248 + 1296 + 400 + 16 + 32, ModelMemory.dramLowerBound(g));
    }

    @Test
    void theDramLowerBoundIsBelowWhatTheCompilerReserves() {
        for (String name : new String[] {"resnet8", "gnmt-tiny", "transformer-tiny"}) {
            Graph g = ModelZoo.build(name, 2);
            CompiledGraph c = ModelRunner.compile(g, Weights.seeded(g, 1), MACHINE, ModelRunner.inputs(g,
                    new ModelRunner.Options(Mode.TIMING, 1, 1, null, false, false, null)), null);
            long end = 0;
            for (Buffer b : c.buffers().values()) {
                end = Math.max(end, b.addr() + b.bytes());
            }
            assertTrue(ModelMemory.dramLowerBound(g) <= end, name + ": bound " + ModelMemory.dramLowerBound(g) + " > " + end);
        }
    }

    @Test
    void aBatchThatCannotFitTheDramIsRefusedBeforeCompiling() {
        Graph g = ModelZoo.build("resnet8", 100_000);
        long t0 = System.nanoTime();
        InputException e = assertThrows(InputException.class, () -> ModelRunner.run(g, Weights.seeded(g, 1), MACHINE,
                EnergyTable.defaults(), new ModelRunner.Options(Mode.TIMING, 1, 1, null, false, false, null)));
        assertTrue(e.getMessage().startsWith("resnet8 at batch 100000 in timing mode: needs at least "), e.getMessage());
        assertTrue(e.getMessage().endsWith("of DRAM (inputs, outputs, weights and the activations its layers read), machine default has 4.0 GiB"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before compiling");
    }

    @Test
    void aFunctionalRunOverTheHeapLimitIsRefusedWithItsEstimate() {
        Graph g = small();
        String before = System.getProperty(HeapBudget.LIMIT_PROPERTY);
        System.setProperty(HeapBudget.LIMIT_PROPERTY, "10000");
        try {
            InputException e = assertThrows(InputException.class, () -> ModelRunner.run(g, Weights.seeded(g, 1), MACHINE,
                    EnergyTable.defaults(), new ModelRunner.Options(Mode.FUNCTIONAL, 1, 1, null, true, false, null)));
            assertEquals("convpool at batch 2 in functional mode: needs about 20.2 KiB of heap, the JVM has 9.8 KiB "
                    + "(set FP8SIM_JAVA_OPTS=-Xmx1g)", e.getMessage());
        } finally {
            restore(before);
        }
    }

    @Test
    void aTopologyLayerTooLargeForOneArrayIsRefusedByName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("big.csv");
        Files.writeString(csv, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "small, 16, 16, 3, 3, 8, 8, 1,\nbig, 4000, 4000, 1, 1, 256, 64, 1,\n");
        Topology topo = Topology.read(csv);
        MachineConfig big = Presets.get("datacenter128");
        InputException e = assertThrows(InputException.class,
                () -> TopologyRunner.run(topo, big, EnergyTable.defaults(), Mode.FUNCTIONAL, 1, 1));
        assertEquals("layer big: its synthetic operand A (M x K = 16000000 x 256 = 4096000000 bytes) is larger than the "
                + "2147483639 bytes a functional run can generate in one piece; run it in timing mode, or split the layer", e.getMessage());
    }

    @Test
    void aTopologysEstimateCountsItsDramPagesAndOneOperand(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("one.csv");
        // one layer: M = 16*16 = 256 output pixels, K = 3*3*8 = 72, N = 8
        Files.writeString(csv, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "one, 18, 18, 3, 3, 8, 8, 1,\n");
        var compiled = io.github.fp8sim.workloads.compiler.TopologyCompiler.compile(Topology.read(csv), MACHINE,
                io.github.fp8sim.workloads.compiler.OutputSpec.E5M2_RNE);
        var g = compiled.layers().get(0).gemm();
        assertEquals(256, g.m());
        assertEquals(72, g.k());
        long steps = TopologyRunner.STEP_BYTES * compiled.program().size();
        assertEquals(steps, TopologyRunner.heapBytes(compiled, Mode.TIMING, false));
        // A, B and the output each fit in one 64 KiB page; the largest operand, A, is 256 * 72 bytes
        assertEquals(steps + 3 * 65536 + 256 * 72, TopologyRunner.heapBytes(compiled, Mode.FUNCTIONAL, false));
        assertEquals(steps + 3 * 65536 + 256 * 72 + 72 * 8, TopologyRunner.heapBytes(compiled, Mode.FUNCTIONAL, true));
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(HeapBudget.LIMIT_PROPERTY);
        } else {
            System.setProperty(HeapBudget.LIMIT_PROPERTY, before);
        }
    }
}
