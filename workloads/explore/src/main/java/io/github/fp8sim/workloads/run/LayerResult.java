package io.github.fp8sim.workloads.run;

/**
 * One layer of a run: its GEMM shape and MACs; {@code cycles}, the span from its first instruction's
 * start to its last one's end on the machine model (memory stalls included); {@code computeCycles},
 * SCALE-Sim's fold-model figure for the whole layer GEMM on the array; utilization = MACs / (cycles x PEs).
 */
public record LayerResult(String name, int m, int n, int k, long macs, long startCycle, long endCycle,
                          long computeCycles, double utilization, double energyPj) {

    public long cycles() {
        return endCycle - startCycle;
    }
}
