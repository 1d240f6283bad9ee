package io.github.fp8sim.runtime.timing;

/**
 * What one instruction costs: the unit it occupies, for how many cycles (machine model), the
 * SCALE-Sim compute-cycle figure for GEMMs (0 otherwise), MACs, bytes moved, and action counts.
 */
public record Cost(Unit unit, long cycles, long scaleSimComputeCycles, long macs, long bytesMoved, ActionCounts actions) {
}
