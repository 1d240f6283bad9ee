package io.github.fp8sim.runtime.exec;

import java.util.EnumMap;
import java.util.Map;

import io.github.fp8sim.datapath.mac.Accumulation;
import io.github.fp8sim.datapath.mac.ArrayShape;
import io.github.fp8sim.datapath.mac.ArrayDataflow;
import io.github.fp8sim.datapath.mac.MacArray;
import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.random.PhiloxSource;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.memory.AccumulatorSram;
import io.github.fp8sim.runtime.memory.Dram;
import io.github.fp8sim.runtime.memory.Scratchpad;

/**
 * The state of one machine: its memories, its MAC array (one kernel per dataflow an instruction may
 * ask for), and its SR random source with the stream registers the {@code config} instruction sets.
 * One machine per thread: nothing here is shared.
 */
public final class Machine {
    private final MachineConfig config;
    private final Dram dram;
    private final Scratchpad scratchpad;
    private final AccumulatorSram accumulator;
    private final Map<ArrayDataflow, MacArray> arrays = new EnumMap<>(ArrayDataflow.class);
    private long srSeed;
    private int srTensor;
    private long srStep;
    private long srElement;
    private int lossScaleExp;
    private RandomSource random;

    public Machine(MachineConfig config) {
        this.config = config;
        this.dram = new Dram(config.dram().bytes());
        this.scratchpad = new Scratchpad(config.scratchpad().bytes());
        this.accumulator = new AccumulatorSram(config.accumulator().bytes());
        ArrayShape shape = new ArrayShape(config.array().rows(), config.array().cols());
        Accumulation acc = config.numerics().macAccumulation();
        for (ArrayDataflow d : ArrayDataflow.values()) {
            arrays.put(d, new MacArray(shape, d, acc));
        }
        this.srSeed = config.sr().seed();
        resetRandom();
    }

    public MachineConfig config() {
        return config;
    }

    public Dram dram() {
        return dram;
    }

    public Scratchpad scratchpad() {
        return scratchpad;
    }

    public AccumulatorSram accumulator() {
        return accumulator;
    }

    MacArray array(ArrayDataflow d) {
        return arrays.get(d);
    }

    RandomSource random() {
        return random;
    }

    /** The element index for the next counter-based draw (Philox), counted from the last stream change. */
    long nextSrElement() {
        return srElement++;
    }

    public int lossScaleExp() {
        return lossScaleExp;
    }

    void setSrSeed(long seed) {
        this.srSeed = seed;
        resetRandom();
    }

    void setSrTensor(int tensor) {
        this.srTensor = tensor;
        resetRandom();
    }

    void setSrStep(long step) {
        this.srStep = step;
        resetRandom();
    }

    void setLossScaleExp(int exp) {
        this.lossScaleExp = exp;
    }

    /** A new seed or stream restarts the SR lanes (LFSR) or the counters (Philox) deterministically. */
    private void resetRandom() {
        int lanes = config.srLanes();
        if (config.sr().source() == RandomKind.LFSR) {
            // the stream registers perturb the seed so each tensor/step gets its own LFSR states
            long seed = srSeed ^ (0x9E3779B97F4A7C15L * srTensor) ^ (0xC2B2AE3D27D4EB4FL * srStep);
            random = new LfsrBank(lanes, config.sr().lfsrWidth(),
                    config.sr().lfsrTaps().stream().mapToInt(Integer::intValue).toArray(), seed);
        } else {
            random = new PhiloxSource(srSeed, srTensor, srStep, lanes);
        }
        srElement = 0;
    }
}
