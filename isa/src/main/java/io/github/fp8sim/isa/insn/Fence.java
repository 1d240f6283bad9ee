package io.github.fp8sim.isa.insn;

/**
 * {@code fence}: waits until the named units are idle. At least one unit is named; assembly
 * {@code fence} without units means all three.
 *
 * @param dma    wait for the DMA engines
 * @param mac    wait for the MAC array
 * @param vector wait for the vector unit
 */
public record Fence(boolean dma, boolean mac, boolean vector) implements Instruction {

    /** Rejects a fence that names no unit. */
    public Fence {
        if (!dma && !mac && !vector) {
            throw new IllegalArgumentException("Fence names no unit (at least one of dma, mac, vector must be true)");
        }
    }

    /** A fence on all three units. */
    public static Fence all() {
        return new Fence(true, true, true);
    }
}
