package io.github.fp8sim.runtime.timing;

import java.util.List;

/**
 * The machine's timelines: each {@link Unit} runs its instructions one at a time in program order;
 * an instruction starts when its unit is free, the data it reads is ready (and what it overwrites
 * is no longer needed), and no fence holds it. Different units overlap, so a program that
 * double-buffers gets DMA under compute.
 */
public final class Timeline {

    /** When an instruction ran. */
    public record Slot(long start, long end) {
    }

    private final long[] unitFree = new long[Unit.values().length];
    private final Scoreboard scoreboard = new Scoreboard();
    private long fenceFloor;

    /** Places an instruction of {@code cycles} on {@code unit} that reads and writes the given regions. */
    public Slot schedule(Unit unit, long cycles, List<Region> reads, List<Region> writes) {
        long start = Math.max(fenceFloor, unitFree[unit.ordinal()]);
        for (Region r : reads) {
            start = Math.max(start, scoreboard.readReady(r));
        }
        for (Region w : writes) {
            start = Math.max(start, scoreboard.writeReady(w));
        }
        long end = start + cycles;
        if (unit != Unit.NONE) {
            unitFree[unit.ordinal()] = end;
        }
        for (Region r : reads) {
            scoreboard.read(r, end);
        }
        for (Region w : writes) {
            scoreboard.write(w, end);
        }
        return new Slot(start, end);
    }

    /** Later instructions start only after the named units have finished what they were given. */
    public void fence(boolean dma, boolean mac, boolean vector) {
        if (dma) {
            fenceFloor = Math.max(fenceFloor, Math.max(unitFree[Unit.DMA_IN.ordinal()], unitFree[Unit.DMA_OUT.ordinal()]));
        }
        if (mac) {
            fenceFloor = Math.max(fenceFloor, unitFree[Unit.MAC.ordinal()]);
        }
        if (vector) {
            fenceFloor = Math.max(fenceFloor, unitFree[Unit.VECTOR.ordinal()]);
        }
    }

    /** The cycle the last unit finishes. */
    public long makespan() {
        long m = fenceFloor;
        for (long f : unitFree) {
            m = Math.max(m, f);
        }
        return m;
    }
}
