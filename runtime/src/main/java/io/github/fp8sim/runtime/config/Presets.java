package io.github.fp8sim.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.random.RandomKind;

/**
 * Built-in machines. Sizes follow published designs so results are comparable:
 * <ul>
 *   <li>{@code edge16}: Gemmini's default configuration (Genc et al., DAC 2021): a 16x16 array,
 *       256 KiB scratchpad in 4 banks, 64 KiB accumulator in 2 banks, a 128-bit (16 B/cycle) system bus.</li>
 *   <li>{@code datacenter128}: a TPU-v2/v3-class matrix unit (Jouppi et al., CACM 2020): 128x128,
 *       weight-stationary, 940 MHz, 16 MiB of operand buffer, 4 MiB of accumulators, HBM at about
 *       700 GB/s (~740 B/cycle) with a few hundred cycles of latency.</li>
 *   <li>{@code default}: the demo's machine, between the two: 32x32, 512 KiB / 128 KiB, 32 B/cycle.</li>
 * </ul>
 * Accumulator ports are sized for one FP32 read and one write per array column per cycle (what a
 * weight-stationary array's partial sums need); scratchpad ports for the A and B operand streams.
 * All use the paper's numerics: E5M2 operands, FP32 accumulation, 8-bit SR from a per-column LFSR bank.
 */
public final class Presets {

    public static final String DEFAULT = "default";

    private static final MachineConfig.Numerics PAPER_NUMERICS =
            new MachineConfig.Numerics(FloatFormat.E5M2, FloatFormat.E5M2, FloatFormat.FP32, 0, NanPolicy.MLDTYPES);
    private static final MachineConfig.Sr LFSR_SR =
            new MachineConfig.Sr(RandomKind.LFSR, 0, 32, List.of(32, 22, 2, 1), 1, 8);

    private static final Map<String, MachineConfig> PRESETS = new LinkedHashMap<>();

    static {
        add(new MachineConfig(DEFAULT, 1.0, new MachineConfig.Array(32, 32, ArrayDataflow.WS), PAPER_NUMERICS, LFSR_SR,
                new MachineConfig.Sram(512 * 1024, 8, 16), new MachineConfig.Sram(128 * 1024, 4, 64),
                new MachineConfig.Dram(1L << 32, 32, 100), new MachineConfig.VectorUnit(32), "default"));
        add(new MachineConfig("edge16", 1.0, new MachineConfig.Array(16, 16, ArrayDataflow.WS), PAPER_NUMERICS, LFSR_SR,
                new MachineConfig.Sram(256 * 1024, 4, 16), new MachineConfig.Sram(64 * 1024, 2, 64),
                new MachineConfig.Dram(1L << 32, 16, 100), new MachineConfig.VectorUnit(16), "default"));
        add(new MachineConfig("datacenter128", 0.94, new MachineConfig.Array(128, 128, ArrayDataflow.WS), PAPER_NUMERICS, LFSR_SR,
                new MachineConfig.Sram(16L * 1024 * 1024, 32, 128), new MachineConfig.Sram(4L * 1024 * 1024, 16, 128),
                new MachineConfig.Dram(16L << 30, 740, 400), new MachineConfig.VectorUnit(128), "default"));
    }

    private Presets() {
    }

    private static void add(MachineConfig m) {
        PRESETS.put(m.name(), m);
    }

    /** Preset names, the default first. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The default machine. */
    public static MachineConfig defaultMachine() {
        return PRESETS.get(DEFAULT);
    }

    /** A preset by name. */
    public static MachineConfig get(String name) {
        MachineConfig m = PRESETS.get(name);
        if (m == null) {
            throw new MachineConfigException("unknown machine preset '" + name + "' (expected one of "
                    + String.join(", ", PRESETS.keySet()) + ", or a .json/.yaml file)");
        }
        return m;
    }
}
