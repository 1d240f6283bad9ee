package io.github.fp8sim.workloads.train;

import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.timing.ActionCounts;

/**
 * What the optimizer-update programs of a run cost on the machine ({@link ProgramUpdate}): one program
 * per parameter tensor per applied step, summed as programs that ran one after another.
 *
 * @param programs     programs executed
 * @param instructions instructions executed, halts included
 * @param cycles       the sum of the programs' cycles
 * @param seconds      {@code cycles} at the machine's clock
 * @param actions      the programs' action counts, leakage included (a copy)
 */
public record ExecutedUpdates(long programs, long instructions, long cycles, double seconds, ActionCounts actions) {

    public ExecutedUpdates {
        actions = ActionCounts.copyOf(actions);
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
