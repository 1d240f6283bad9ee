package io.github.fp8sim.runtime.timing;

import io.github.fp8sim.runtime.energy.EnergyAction;
import io.github.fp8sim.runtime.energy.EnergyTable;

/** How many times each {@link EnergyAction} happened; energy = counts x the table's picojoules. */
public final class ActionCounts {
    private final long[] counts = new long[EnergyAction.values().length];

    public void add(EnergyAction action, long n) {
        counts[action.ordinal()] += n;
    }

    /** A new set of counts equal to {@code other}'s. */
    public static ActionCounts copyOf(ActionCounts other) {
        ActionCounts c = new ActionCounts();
        c.addAll(other);
        return c;
    }

    public void addAll(ActionCounts other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public long get(EnergyAction action) {
        return counts[action.ordinal()];
    }

    /** Energy of one action kind, pJ. */
    public double picojoules(EnergyAction action, EnergyTable table) {
        return counts[action.ordinal()] * table.picojoules(action);
    }

    /** Total energy, pJ, summed in the enum's order (deterministic). */
    public double totalPicojoules(EnergyTable table) {
        double sum = 0;
        for (EnergyAction a : EnergyAction.values()) {
            sum += picojoules(a, table);
        }
        return sum;
    }
}
