package io.github.fp8sim.workloads.topology;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the SCALE-Sim topology CSV reader: any text either gives a topology (at most
 * {@link Topology#MAX_LAYERS} layers, whose GEMM shapes and MAC counts, summed exactly, fit a long) or
 * throws {@link InputException} (the project's one-line input exception). The default suite replays {@code TopologyFileFuzzTestInputs/}; {@code ./run-tests -Pfuzz}
 * mutates inputs.
 */
class TopologyFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseAnyTopology(byte[] input) {
        Topology topology;
        try {
            topology = Topology.parse("fuzz.csv", "fuzz", new String(input, StandardCharsets.UTF_8));
        } catch (InputException expected) {
            return;
        }
        if (topology.layers().size() > Topology.MAX_LAYERS) {
            throw new AssertionError(topology.layers().size() + " layers, past the limit of " + Topology.MAX_LAYERS);
        }
        long total = 0;
        for (Topology.Layer layer : topology.layers()) {
            Topology.Gemm g = layer.gemm();
            // Exact arithmetic: MACs past a long's range throw, a finding like any other exception.
            long macs = Math.multiplyExact(Math.multiplyExact((long) g.m(), (long) g.n()), (long) g.k());
            if (g.m() < 1 || g.n() < 1 || g.k() < 1 || layer.macs() != macs) {
                throw new AssertionError("layer " + layer.name() + " read as an impossible GEMM " + g);
            }
            total = Math.addExact(total, macs);
        }
        if (topology.totalMacs() != total) {
            throw new AssertionError("total MACs " + topology.totalMacs() + ", expected " + total);
        }
    }
}
