package io.github.fp8sim.workloads.train;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.RandomSource;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Quantizer;
import io.github.fp8sim.datapath.round.Rounding;

/**
 * The stored master copy of one parameter tensor: FP32 (the baseline) or FP16 codes (the recipe of
 * Mellempudi et al. 2019, ARCHITECTURE.md section 3).
 *
 * <p>An update {@code u} (computed by an {@link Optimizer}) does, per element {@code i}:
 * <pre>{@code
 * w32 = float(w16[i]) - u[i]            // Java float subtraction: FP32, round to nearest even
 * w16[i] = round_fp16(w32)              // the datapath's conversion: RNE or SR, saturate or inf
 * }</pre>
 * For FP32 storage it is {@code w[i] = w[i] - u[i]}. The conversion is the datapath's
 * ({@link Quantizer}, a cache tested equal to {@code Converter.f32ToFormat}) under a {@link QuantSpec}
 * whose format is FP16: with SR, r random bits (default 13, {@link QuantSpec#DEFAULT_MASTER_SR_BITS})
 * are added just below the kept LSB and the sum truncated.
 *
 * <p>SR random bits: element {@code i} draws {@code source.nextBits(i mod lanes, i, r)} with
 * {@code source = randomness.sourceFor(tensorId, updateCount())} (see {@link UpdateRandomness}). The
 * update count is this tensor's number of applied updates: steps skipped by loss scaling do not count.
 * With {@link UpdateRandomness.Philox} each element's code is a pure function of (seed, tensor id,
 * update count, element index, its weight and update), so {@link #apply(float[], int)} gives the same
 * codes for any thread count and tensors may be updated in any order.
 *
 * <p>Initial FP32 values are converted with RNE (the usual cast), under the spec's overflow policy.
 * Mutable; one instance is updated by one thread at a time.
 */
public final class MasterWeights {

    /** How the master copy is stored. */
    public enum Storage {
        /** One {@code float} per element: the FP32 baseline. */
        FP32,
        /** One IEEE binary16 code per element. */
        FP16
    }

    private static final FloatFormat FP16 = FloatFormat.FP16;

    private final int tensorId;
    private final float[] fp32;                 // FP32 storage, else null
    private final short[] fp16;                 // FP16 storage, else null
    private final QuantSpec spec;               // the FP16 update's conversion, else null
    private final Quantizer quantizer;          // executes spec
    private final UpdateRandomness randomness;  // SR only, else null
    private long updates;

    private MasterWeights(int tensorId, float[] fp32, short[] fp16, QuantSpec spec, UpdateRandomness randomness,
                          long updates) {
        this.tensorId = tensorId;
        this.fp32 = fp32;
        this.fp16 = fp16;
        this.spec = spec;
        this.quantizer = spec == null ? null : new Quantizer(spec);
        this.randomness = randomness;
        this.updates = updates;
    }

    /**
     * FP32 master weights (the baseline).
     *
     * @param tensorId the parameter's index
     * @param initial initial values (copied)
     */
    public static MasterWeights fp32(int tensorId, float[] initial) {
        return new MasterWeights(tensorId, initial.clone(), null, null, null, 0);
    }

    /**
     * FP16 master weights whose initial values are {@code initial} rounded RNE to FP16.
     *
     * @param tensorId the parameter's index (the Philox tensor counter)
     * @param initial initial FP32 values
     * @param update the update's conversion: format FP16, rounding RNE, RZ or SR, r, overflow, NaN policy
     * @param randomness the SR bit source (required for SR, ignored otherwise; may be null then)
     * @throws IllegalArgumentException if the spec's format is not FP16, or SR lacks randomness
     */
    public static MasterWeights fp16(int tensorId, float[] initial, QuantSpec update, UpdateRandomness randomness) {
        checkSpec(update, randomness);
        Quantizer cast = new Quantizer(update.withRounding(Rounding.RNE));
        short[] codes = new short[initial.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (short) cast.quantize(Float.floatToRawIntBits(initial[i]), 0);
        }
        return new MasterWeights(tensorId, null, codes, update, randomness, 0);
    }

    /**
     * FP16 master weights restored from codes, e.g. from a checkpoint.
     *
     * @param codes FP16 codes (copied)
     * @param updateCount the number of updates already applied (selects the next update's random bits)
     */
    public static MasterWeights fp16Codes(int tensorId, short[] codes, long updateCount, QuantSpec update,
                                          UpdateRandomness randomness) {
        checkSpec(update, randomness);
        if (updateCount < 0) {
            throw new IllegalArgumentException("update count must be >= 0, got " + updateCount);
        }
        return new MasterWeights(tensorId, null, codes.clone(), update, randomness, updateCount);
    }

    /**
     * The FP16 update spec of the recipe: r = 13 random bits for SR (ARCHITECTURE.md section 2), ml_dtypes
     * NaN codes.
     */
    public static QuantSpec fp16Update(Rounding rounding, Overflow overflow) {
        return new QuantSpec(FP16, rounding, overflow, QuantSpec.DEFAULT_MASTER_SR_BITS, NanPolicy.MLDTYPES);
    }

    private static void checkSpec(QuantSpec update, UpdateRandomness randomness) {
        if (update == null || !update.format().sameEncoding(FP16)) {
            throw new IllegalArgumentException("FP16 master weights need an fp16 update spec, got "
                    + (update == null ? "none" : update.format().name()));
        }
        if (update.rounding() == Rounding.SR && randomness == null) {
            throw new IllegalArgumentException("SR master-weight updates need a random source");
        }
    }

    /** The parameter's index. */
    public int tensorId() {
        return tensorId;
    }

    /** How the master copy is stored. */
    public Storage storage() {
        return fp16 != null ? Storage.FP16 : Storage.FP32;
    }

    /** The update's conversion spec, or null for FP32 storage. */
    public QuantSpec updateSpec() {
        return spec;
    }

    /** Number of elements. */
    public int length() {
        return fp16 != null ? fp16.length : fp32.length;
    }

    /** The number of updates applied so far (the next update's Philox step counter). */
    public long updateCount() {
        return updates;
    }

    /** The current value of element {@code i} (FP16 codes decoded exactly). */
    public float value(int i) {
        return fp16 != null ? FP16.decode(fp16[i] & 0xFFFF) : fp32[i];
    }

    /** All current values, decoded, in a new array. */
    public float[] values() {
        float[] out = new float[length()];
        copyValuesTo(out);
        return out;
    }

    /** Writes all current values into {@code dst[0 .. length())} without allocating. */
    public void copyValuesTo(float[] dst) {
        if (dst.length < length()) {
            throw new IllegalArgumentException("destination holds " + dst.length + " values, need " + length());
        }
        for (int i = 0; i < length(); i++) {
            dst[i] = value(i);
        }
    }

    /**
     * A copy of the FP16 codes.
     *
     * @throws IllegalStateException for FP32 storage
     */
    public short[] codes() {
        if (fp16 == null) {
            throw new IllegalStateException("tensor " + tensorId + " is stored in fp32, not as fp16 codes");
        }
        return fp16.clone();
    }

    /**
     * Takes the result of one update computed elsewhere, by the machine's update program
     * ({@link ProgramUpdate}): the new FP16 codes, counted as one applied update.
     *
     * @throws IllegalStateException for FP32 storage
     */
    void appliedCodes(short[] codes) {
        if (fp16 == null || codes.length != fp16.length) {
            throw new IllegalStateException("tensor " + tensorId + ": " + codes.length + " FP16 codes for "
                    + (fp16 == null ? "fp32 storage" : fp16.length + " elements"));
        }
        System.arraycopy(codes, 0, fp16, 0, codes.length);
        updates++;
    }

    /**
     * Takes the result of one update computed elsewhere: the new FP32 values, counted as one applied update.
     *
     * @throws IllegalStateException for FP16 storage
     */
    void appliedValues(float[] values) {
        if (fp32 == null || values.length != fp32.length) {
            throw new IllegalStateException("tensor " + tensorId + ": " + values.length + " FP32 values for "
                    + (fp32 == null ? "fp16 storage" : fp32.length + " elements"));
        }
        System.arraycopy(values, 0, fp32, 0, values.length);
        updates++;
    }

    /** Applies one update on the calling thread: see the class comment. */
    public void apply(float[] update) {
        apply(update, 1);
    }

    /**
     * Applies one update, splitting the tensor into {@code threads} contiguous chunks run in parallel.
     * With order-independent randomness (or without SR) the codes do not depend on {@code threads}.
     *
     * @param update per-element FP32 amounts to subtract, already multiplied by the learning rate
     * @throws IllegalArgumentException if the update's length differs from the tensor's, or threads {@literal <} 1
     * @throws IllegalStateException if threads > 1 with a shared stateful SR source (its draws are ordered)
     */
    public void apply(float[] update, int threads) {
        if (update.length != length()) {
            throw new IllegalArgumentException("tensor " + tensorId + " has " + length()
                    + " elements, the update has " + update.length);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        boolean sr = fp16 != null && spec.rounding() == Rounding.SR;
        if (sr && threads > 1 && !randomness.orderIndependent()) {
            throw new IllegalStateException("tensor " + tensorId + ": a shared SR source draws in element order;"
                    + " update it on one thread or use philox");
        }
        RandomSource source = sr ? randomness.sourceFor(tensorId, updates) : null;
        if (threads == 1 || length() < 2) {
            applyRange(update, source, 0, length());
        } else {
            applyParallel(update, source, Math.min(threads, length()));
        }
        updates++;
    }

    private void applyParallel(float[] update, RandomSource source, int chunks) {
        int n = length();
        Thread[] workers = new Thread[chunks - 1];
        RuntimeException[] failures = new RuntimeException[chunks];
        for (int c = 1; c < chunks; c++) {
            int chunk = c;
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            workers[c - 1] = Thread.ofVirtual().start(() -> {
                try {
                    applyRange(update, source, from, to);
                } catch (RuntimeException e) {
                    failures[chunk] = e;
                }
            });
        }
        applyRange(update, source, 0, (int) ((long) n / chunks));
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating tensor " + tensorId, e);
        }
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;     // join() made the worker's write visible
            }
        }
    }

    private void applyRange(float[] update, RandomSource source, int from, int to) {
        if (fp32 != null) {
            for (int i = from; i < to; i++) {
                fp32[i] = fp32[i] - update[i];
            }
            return;
        }
        int srBits = spec.srBits();
        int lanes = source == null ? 1 : source.lanes();
        for (int i = from; i < to; i++) {
            float w32 = FP16.decode(fp16[i] & 0xFFFF) - update[i];
            int random = source == null ? 0 : source.nextBits(i % lanes, i, srBits);
            fp16[i] = (short) quantizer.quantize(Float.floatToRawIntBits(w32), random);
        }
    }
}
