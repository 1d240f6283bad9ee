package io.github.fp8sim.workloads.topology;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the SCALE-Sim topology CSV reader: any text either gives a topology (whose layers' GEMM shapes
 * and MAC counts are then computed) or throws {@link InputException} (the project's one-line input
 * exception). The default suite replays {@code TopologyFileFuzzTestInputs/}; {@code ./run-tests -Pfuzz}
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
        for (Topology.Layer layer : topology.layers()) {
            Topology.Gemm g = layer.gemm();
            if (g.m() < 1 || g.n() < 1 || g.k() < 1 || layer.macs() != g.macs()) {
                throw new AssertionError("layer " + layer.name() + " read as an impossible GEMM " + g);
            }
        }
        topology.totalMacs();
    }
}
