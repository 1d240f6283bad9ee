package io.github.fp8sim.workloads.train;

import io.github.fp8sim.datapath.random.LfsrBank;
import io.github.fp8sim.datapath.random.PhiloxSource;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.random.RandomSource;

/**
 * Where the random bits of a stochastically rounded master-weight update come from: a modelled
 * {@link RandomSource} (ARCHITECTURE.md section 2), chosen per (tensor, update).
 *
 * <p>Draw contract of {@link MasterWeights#apply}: element {@code i} of a tensor draws
 * {@code source.nextBits(i mod lanes, i, r)} from {@code sourceFor(tensorId, update)}, once per update.
 * <ul>
 *   <li>{@link Philox}: the bits of element {@code i} of tensor {@code t} at update {@code u} are the
 *       Philox-4x32-10 output at counter (i, u, t) keyed by the seed ({@link PhiloxSource}'s contract).
 *       A pure function of (seed, t, u, i): the same codes whatever the thread count, the chunking of
 *       a tensor or the order in which tensors are updated.
 *   <li>{@link SharedSource}: one stateful source (the hardware {@link LfsrBank}) serves every tensor;
 *       lane {@code i mod lanes} is drawn in increasing {@code i}, so results depend on the order in
 *       which tensors are updated, and a tensor cannot be split across threads.
 * </ul>
 */
public sealed interface UpdateRandomness {

    /**
     * The source for one update of one tensor.
     *
     * @param tensorId the parameter's index
     * @param update the tensor's update count before this update (0 for its first)
     * @return the source every element of that update draws from
     */
    RandomSource sourceFor(int tensorId, long update);

    /** True when every element's bits are a pure function of (tensor, update, element). */
    boolean orderIndependent();

    /**
     * Counter-based bits: {@code new PhiloxSource(seed, tensorId, update, lanes)}.
     *
     * @param seed the Philox key
     * @param lanes lane count reported by the source (it does not affect the bits)
     */
    record Philox(long seed, int lanes) implements UpdateRandomness {
        public Philox {
            if (lanes < 1) {
                throw new IllegalArgumentException("a random source needs at least 1 lane, got " + lanes);
            }
        }

        @Override
        public RandomSource sourceFor(int tensorId, long update) {
            return new PhiloxSource(seed, tensorId, update, lanes);
        }

        @Override
        public boolean orderIndependent() {
            return true;
        }
    }

    /**
     * One stateful source shared by all tensors and updates, e.g. an {@link LfsrBank}.
     *
     * @param source the source; it advances as tensors are updated
     */
    record SharedSource(RandomSource source) implements UpdateRandomness {
        public SharedSource {
            if (source == null) {
                throw new IllegalArgumentException("a shared random source is required");
            }
        }

        @Override
        public RandomSource sourceFor(int tensorId, long update) {
            return source;
        }

        @Override
        public boolean orderIndependent() {
            return false;
        }
    }

    /**
     * The randomness a machine configuration names: {@link RandomKind#PHILOX} gives {@link Philox},
     * {@link RandomKind#LFSR} a {@link SharedSource} over a new {@link LfsrBank} of {@code lanes}
     * default registers.
     */
    static UpdateRandomness of(RandomKind kind, long seed, int lanes) {
        return switch (kind) {
            case PHILOX -> new Philox(seed, lanes);
            case LFSR -> new SharedSource(new LfsrBank(lanes, seed));
        };
    }
}
