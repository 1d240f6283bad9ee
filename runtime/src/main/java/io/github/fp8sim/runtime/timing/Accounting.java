package io.github.fp8sim.runtime.timing;

import java.util.ArrayList;
import java.util.List;

import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.energy.EnergyAction;
import io.github.fp8sim.runtime.energy.EnergyTable;
import io.github.fp8sim.runtime.exec.ExecListener;

/**
 * The timing and energy listener: schedules every executed instruction on the machine's timelines
 * and counts its actions. Kept apart from the semantics (Spike's {@code logged_*} split), so timing
 * mode and functional mode count identically.
 */
public final class Accounting implements ExecListener {

    /** One executed instruction: what it cost and when it ran. */
    public record Step(int index, Instruction insn, Cost cost, Timeline.Slot slot) {
    }

    private final MachineConfig machine;
    private final CostModel costModel;
    private final Timeline timeline = new Timeline();
    private final ActionCounts actions = new ActionCounts();
    private final List<Step> steps;
    private long macs;
    private long scaleSimComputeCycles;
    private final long[] busy = new long[Unit.values().length];
    private Step last;

    /** @param keepSteps keep every step (for traces and per-instruction reports), or only totals */
    public Accounting(MachineConfig machine, boolean keepSteps) {
        this.machine = machine;
        this.costModel = new CostModel(machine);
        this.steps = keepSteps ? new ArrayList<>() : null;
    }

    @Override
    public void executed(int index, Instruction insn) {
        Cost cost = costModel.of(insn);
        if (insn instanceof Fence f) {
            timeline.fence(f.dma(), f.mac(), f.vector());
        }
        Timeline.Slot slot = timeline.schedule(cost.unit(), cost.cycles(), Regions.reads(insn), Regions.writes(insn));
        actions.addAll(cost.actions());
        macs += cost.macs();
        scaleSimComputeCycles += cost.scaleSimComputeCycles();
        busy[cost.unit().ordinal()] += cost.cycles();
        last = new Step(index, insn, cost, slot);
        if (steps != null) {
            steps.add(last);
        }
    }

    /** The last instruction's step (for tracing listeners added after this one). */
    public Step last() {
        return last;
    }

    /** Every step, when kept. */
    public List<Step> steps() {
        if (steps == null) {
            throw new IllegalStateException("steps were not kept");
        }
        return steps;
    }

    /** Cycles from the first instruction's start to the last unit's end (machine model). */
    public long cycles() {
        return timeline.makespan();
    }

    public long macs() {
        return macs;
    }

    /** Sum of SCALE-Sim compute cycles over every GEMM: the fold model's figure, for cross-checks. */
    public long scaleSimComputeCycles() {
        return scaleSimComputeCycles;
    }

    /** Cycles a unit was busy. */
    public long busyCycles(Unit unit) {
        return busy[unit.ordinal()];
    }

    /** Action counts, with leakage for every PE over the run's cycles. */
    public ActionCounts actions() {
        ActionCounts all = new ActionCounts();
        all.addAll(actions);
        all.add(EnergyAction.LEAKAGE_PE_CYCLE, cycles() * machine.array().rows() * machine.array().cols());
        return all;
    }

    /** MACs per PE per cycle over the run, in [0, 1]. */
    public double utilization() {
        long c = cycles();
        return c == 0 ? 0 : (double) macs / ((double) c * machine.array().rows() * machine.array().cols());
    }

    public double energyPicojoules(EnergyTable table) {
        return actions().totalPicojoules(table);
    }
}
