package io.github.fp8sim.workloads.run;

import java.util.List;

import io.github.fp8sim.workloads.compiler.GemmShape;

/**
 * One layer of a model run: its GEMMs and MACs; {@code cycles}, from its first instruction's start to
 * its last one's end on the machine model (memory stalls included); {@code computeCycles}, the array's
 * busy cycles by SCALE-Sim's fold model summed over its GEMMs; utilization = MACs / (cycles x PEs);
 * and, in functional mode with a reference, how far its output is from the FP32 reference's
 * ({@code sqnrDb}, {@code maxRelErr}; NaN otherwise).
 */
public record ModelLayer(String name, String kind, List<GemmShape> gemms, long macs, long startCycle, long endCycle,
                         long computeCycles, double utilization, double energyPj, double sqnrDb, double maxRelErr) {

    public ModelLayer {
        gemms = List.copyOf(gemms);
    }

    public long cycles() {
        return endCycle - startCycle;
    }
}
