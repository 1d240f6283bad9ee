package io.github.fp8sim.runtime.config;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.random.GaloisLfsr;

/** The rules a machine must satisfy; each failure names the key as written in a machine file. */
final class MachineValidation {

    /** Upper bounds that keep every derived figure in range (and catch typos such as 1e9 rows). */
    static final int MAX_ARRAY_DIM = 4096;
    static final long MAX_SRAM_BYTES = 1L << 30;   // 1 GiB: an SRAM is one Java array
    static final long MAX_DRAM_BYTES = 1L << 48;   // the ISA's DRAM address width

    private MachineValidation() {
    }

    static void check(String name, double clockGhz, MachineConfig.Array array, MachineConfig.Numerics numerics,
                      MachineConfig.Sr sr, MachineConfig.Sram scratchpad, MachineConfig.Sram accumulator,
                      MachineConfig.Dram dram, MachineConfig.VectorUnit vectorUnit, String energyTable) {
        require(name != null && !name.isBlank(), "name", "must not be empty");
        require(clockGhz > 0 && clockGhz <= 100, "clock_ghz", "must be in (0, 100], got " + clockGhz);
        require(array != null, "array", "is missing");
        range("array.rows", array.rows(), 1, MAX_ARRAY_DIM);
        range("array.cols", array.cols(), 1, MAX_ARRAY_DIM);
        require(array.dataflow() != null, "array.dataflow", "is missing");
        require(numerics != null, "numerics", "is missing");
        require(numerics.aFormat() != null && numerics.aFormat().totalBits() == 8, "numerics.a_format",
                "must be an 8-bit format, got " + numerics.aFormat());
        require(numerics.bFormat() != null && numerics.bFormat().totalBits() == 8, "numerics.b_format",
                "must be an 8-bit format, got " + numerics.bFormat());
        require(numerics.accumulator() != null, "numerics.accumulator", "is missing");
        range("numerics.chunk", numerics.chunk(), 0, Integer.MAX_VALUE);
        require(numerics.nanPolicy() != null, "numerics.nan_policy", "is missing");
        require(numerics.accumulation() != null, "numerics.accumulation", "is missing");
        require(!numerics.accumulation().isFused()
                        || (numerics.accumulator().sameEncoding(FloatFormat.FP32) && numerics.chunk() == 0),
                "numerics.accumulation", numerics.accumulation().modeName()
                        + " needs numerics.accumulator fp32 and numerics.chunk 0, got " + numerics.accumulator().name()
                        + " and " + numerics.chunk());
        require(sr != null, "sr", "is missing");
        require(sr.source() != null, "sr.source", "is missing");
        range("sr.lanes", sr.lanes(), 0, MAX_ARRAY_DIM);
        range("sr.bits", sr.bits(), 1, 31);
        try {
            GaloisLfsr.tapMask(sr.lfsrWidth(), sr.lfsrTaps().stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new MachineConfigException("sr.lfsr_taps: " + e.getMessage());
        }
        long aTile = (long) array.rows() * array.cols();   // one R x C tile of FP8 codes
        sram("scratchpad", scratchpad, aTile, "one " + array.rows() + "x" + array.cols() + " FP8 tile");
        sram("accumulator", accumulator, aTile * 4, "one " + array.rows() + "x" + array.cols() + " FP32 tile");
        require(dram != null, "dram", "is missing");
        require(dram.bytes() >= 1 && dram.bytes() <= MAX_DRAM_BYTES, "dram.bytes", "must be 1.." + MAX_DRAM_BYTES + ", got " + dram.bytes());
        require(dram.bytesPerCycle() > 0 && dram.bytesPerCycle() <= 1e6, "dram.bytes_per_cycle",
                "must be in (0, 1e6], got " + dram.bytesPerCycle());
        range("dram.latency_cycles", dram.latencyCycles(), 0, 1_000_000);
        require(vectorUnit != null, "vector_unit", "is missing");
        range("vector_unit.lanes", vectorUnit.lanes(), 1, 65536);
        require(energyTable != null && !energyTable.isBlank(), "energy_table", "must be 'default' or a CSV path");
    }

    private static void sram(String key, MachineConfig.Sram s, long minBytes, String what) {
        require(s != null, key, "is missing");
        require(s.bytes() <= MAX_SRAM_BYTES, key + ".bytes", "must be at most " + MAX_SRAM_BYTES + ", got " + s.bytes());
        require(s.bytes() >= minBytes, key + ".bytes", s.bytes() + " is smaller than " + what + " (" + minBytes + " bytes)");
        range(key + ".banks", s.banks(), 1, 1024);
        require(s.bytes() % s.banks() == 0, key + ".banks", s.bytes() + " bytes do not split evenly into " + s.banks() + " banks");
        range(key + ".bytes_per_cycle_per_bank", s.bytesPerCyclePerBank(), 1, 1 << 20);
    }

    private static void range(String key, long value, long min, long max) {
        require(value >= min && value <= max, key, "must be " + min + ".." + max + ", got " + value);
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new MachineConfigException(key + ": " + problem);
        }
    }
}
