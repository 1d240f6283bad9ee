package io.github.fp8sim.workloads.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.timing.ActionCounts;
import io.github.fp8sim.workloads.compiler.GemmShape;

/**
 * What the GEMM programs an engine executed cost on the machine ({@link ProgramGemm}): the machine
 * model's cycles and the counted actions of every program, summed over programs that ran one after
 * another (each program's cycles are its own makespan, with the leakage of its cycles in its actions),
 * and the same figures per GEMM shape.
 *
 * @param gemms        GEMMs multiplied (one {@link GemmEngine#multiply} call each, K = 0 and empty ones excepted)
 * @param programs     programs executed: one per GEMM, more when a GEMM's operands were split to fit DRAM
 * @param instructions instructions executed, halts included
 * @param macs         multiply-accumulates the programs' GEMM instructions did
 * @param cycles       the sum of the programs' cycles
 * @param seconds      {@code cycles} at the machine's clock
 * @param actions      the programs' action counts, leakage included (a copy: the record never changes)
 * @param byShape      the same tallies for each M x N x K, in the order the shapes were first run
 */
public record ExecutedGemms(long gemms, long programs, long instructions, long macs, long cycles, double seconds,
                            ActionCounts actions, Map<GemmShape, PerShape> byShape) {

    /** The GEMMs of one M x N x K: how many, in how many programs, their MACs and their cycles. */
    public record PerShape(long gemms, long programs, long macs, long cycles) {

        /** No GEMM. */
        public static final PerShape NONE = new PerShape(0, 0, 0, 0);

        /** Both tallies together. */
        public PerShape plus(PerShape o) {
            return new PerShape(gemms + o.gemms, programs + o.programs, macs + o.macs, cycles + o.cycles);
        }
    }

    public ExecutedGemms {
        actions = ActionCounts.copyOf(actions);
        byShape = Collections.unmodifiableMap(new LinkedHashMap<>(byShape));
    }

    /** A copy of the action counts. */
    @Override
    public ActionCounts actions() {
        return ActionCounts.copyOf(actions);
    }

    /** The programs' energy under {@code table}, pJ. */
    public double energyPicojoules(EnergyTable table) {
        return actions.totalPicojoules(table);
    }
}
