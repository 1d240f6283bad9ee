package io.github.fp8sim.cli;

import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.runtime.config.Presets;
import io.github.fp8sim.workloads.train.setup.DatasetSpec;

/**
 * Every default of the command line, in one place; {@code --help} quotes these through picocli's
 * {@code ${DEFAULT-VALUE}}. Where the API has the same default, the constant here refers to it or
 * {@code DefaultsTest} checks that the two agree.
 */
public final class Defaults {

    // quantize, vectors, demo: the datapath's defaults (ARCHITECTURE.md section 2)
    public static final String ROUNDING = "rne";
    public static final String OVERFLOW = "saturate";
    public static final String NAN_POLICY = "mldtypes";
    /** ARCHITECTURE.md section 2: 8 random bits for FP8 outputs. */
    public static final String SR_BITS = "" + QuantSpec.DEFAULT_SR_BITS;
    public static final String RANDOM = "lfsr";
    public static final String SEED = "1";
    /**
     * SR lanes of quantize's random source when no machine is given: 16, the array width of the machine
     * this default was chosen for. The default preset is now 32 wide; kept at 16 so that quantize's outputs
     * do not change.
     */
    public static final String LANES = "16";

    /** The machine every command runs on unless told otherwise. */
    public static final String MACHINE = Presets.DEFAULT;

    /**
     * {@code exec} and {@code trace record}: a program is run for its values (what {@code --dram-out} saves
     * and what a trace's CRCs check), so functional mode.
     */
    public static final String PROGRAM_MODE = "functional";
    /**
     * {@code run}: a model or topology is run for its cycles and energy, and functional mode (every value,
     * compared with the FP32 reference) takes far longer on a large model, so timing mode.
     */
    public static final String WORKLOAD_MODE = "timing";
    /** {@code run --model}: samples per run. */
    public static final String RUN_BATCH = "1";

    // train and experiment
    public static final String DATASET = DatasetSpec.SYNTHETIC;
    public static final String EPOCHS = "5";
    public static final String TRAIN_BATCH = "32";
    /** SGD's momentum (Adam ignores it). */
    public static final String MOMENTUM = "0.9";
    public static final String WEIGHT_DECAY = "5e-4";
    /** {@code train}: the paper's recipe, {@code Fp8Numerics.Recipe.paper()} (E5M2, errors and gradients SR), FP16 master with SR. */
    public static final String PRECISION = "fp8";
    public static final String FORMAT = "e5m2";
    public static final String ROUNDING_GRAD = "sr";
    public static final String MASTER_ROUNDING = "sr";
    /** {@code train}'s GEMM engine: the MAC array called directly (isa: compiled programs on the interpreter). */
    public static final String GEMM_ENGINE = "array";

    // vectors
    public static final String VECTORS_K = "16";
    public static final String VECTORS_DATAFLOW = "os";
    public static final String VECTORS_ARRAY_ROWS = "4";
    public static final String VECTORS_COUNT = "1000";

    // demo: 2^18 gradient-like values, |x| from 2^-24 (FP16's smallest subnormal) to 2^4
    public static final String DEMO_COUNT = "262144";
    public static final String DEMO_MIN_EXP = "-24";
    public static final String DEMO_MAX_EXP = "4";

    private Defaults() {
    }
}
