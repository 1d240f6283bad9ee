package io.github.fp8sim.runtime.config;

import io.github.fp8sim.datapath.mac.Accumulation;

import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.random.RandomKind;

/**
 * A whole machine: the MAC array, numerics, SR units, memories, DMA, vector unit, clock and energy
 * table. Immutable and validated when built (every value has a unit in its name); read from JSON or
 * YAML by {@link MachineFiles}, or taken from {@link Presets}.
 *
 * @param name        a label used in reports
 * @param clockGhz    clock frequency, GHz (cycles -> seconds)
 * @param energyTable {@code default} (the shipped 45 nm table) or the path of a CSV energy table
 */
public record MachineConfig(String name, double clockGhz, Array array, Numerics numerics, Sr sr, Sram scratchpad,
                            Sram accumulator, Dram dram, VectorUnit vectorUnit, String energyTable) {

    /** The systolic array: R rows (the reduction height in ws/is) by C columns, and its dataflow. */
    public record Array(int rows, int cols, ArrayDataflow dataflow) {
    }

    /**
     * Operand formats of A and B, the accumulator format and chunk (0 = none), the NaN policy, and the
     * accumulation mode ({@code numerics.accumulation}): {@link Accumulation#FP32} (one FP32 addition per
     * product, the default) or {@code fused:F[:G]} (an adder tree; needs accumulator fp32 and chunk 0).
     */
    public record Numerics(FloatFormat aFormat, FloatFormat bFormat, FloatFormat accumulator, int chunk, NanPolicy nanPolicy,
                           Accumulation accumulation) {

        /** With the default accumulation mode, {@code fp32}. */
        public Numerics(FloatFormat aFormat, FloatFormat bFormat, FloatFormat accumulator, int chunk, NanPolicy nanPolicy) {
            this(aFormat, bFormat, accumulator, chunk, nanPolicy, Accumulation.FP32);
        }

        /** The MAC array's accumulation: the fused mode, or the accumulator format with its chunk. */
        public Accumulation macAccumulation() {
            return accumulation != null && accumulation.isFused() ? accumulation : new Accumulation(accumulator, chunk);
        }
    }

    /**
     * Stochastic-rounding units: the random source, lanes (one per array column when 0), LFSR width and
     * taps, seed, and the default number of random bits per rounding.
     */
    public record Sr(RandomKind source, int lanes, int lfsrWidth, List<Integer> lfsrTaps, long seed, int bits) {
        public Sr {
            lfsrTaps = List.copyOf(lfsrTaps);
        }
    }

    /** An on-chip SRAM: capacity in bytes, banks, and bytes per cycle per bank. */
    public record Sram(long bytes, int banks, int bytesPerCyclePerBank) {
        public long bytesPerCycle() {
            return (long) banks * bytesPerCyclePerBank;
        }
    }

    /** Off-chip memory: capacity, bandwidth in bytes per cycle, and access latency in cycles. */
    public record Dram(long bytes, double bytesPerCycle, int latencyCycles) {
    }

    /** The vector unit: FP32 lanes (elements per cycle). */
    public record VectorUnit(int lanes) {
    }

    public MachineConfig {
        MachineValidation.check(name, clockGhz, array, numerics, sr, scratchpad, accumulator, dram, vectorUnit, energyTable);
    }

    /** SR lanes in effect: the configured count, or one per array column. */
    public int srLanes() {
        return sr.lanes() == 0 ? array.cols() : sr.lanes();
    }

    /** This machine with another array shape (for sweeps: {@code --array RxC}). */
    public MachineConfig withArray(int rows, int cols) {
        return new MachineConfig(name, clockGhz, new Array(rows, cols, array.dataflow()), numerics, sr, scratchpad,
                accumulator, dram, vectorUnit, energyTable);
    }

    /** This machine with another dataflow (for sweeps: {@code --dataflow}). */
    public MachineConfig withDataflow(ArrayDataflow dataflow) {
        return new MachineConfig(name, clockGhz, new Array(array.rows(), array.cols(), dataflow), numerics, sr, scratchpad,
                accumulator, dram, vectorUnit, energyTable);
    }

    /**
     * This machine with another accumulation mode ({@code gemm --accumulation}): {@code fp32} or
     * {@code fused:F[:G]}, checked like {@code numerics.accumulation}.
     */
    public MachineConfig withAccumulation(Accumulation accumulation) {
        Numerics n = new Numerics(numerics.aFormat(), numerics.bFormat(), numerics.accumulator(), numerics.chunk(),
                numerics.nanPolicy(), accumulation);
        return new MachineConfig(name, clockGhz, array, n, sr, scratchpad, accumulator, dram, vectorUnit, energyTable);
    }
}
