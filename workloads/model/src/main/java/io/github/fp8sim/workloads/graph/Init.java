package io.github.fp8sim.workloads.graph;

/**
 * How a parameter is initialised when no trained weights are loaded. The values are drawn by
 * {@code io.github.fp8sim.workloads.weights.WeightInit} from a generator seeded by (seed, tensor name),
 * so every tensor is reproducible on its own and in any order.
 */
public sealed interface Init {

    /**
     * Normal with mean 0 and standard deviation {@code sqrt(2 / fan)}: He et al., "Delving Deep into
     * Rectifiers", ICCV 2015, for layers followed by ReLU. With {@code fan} the fan-in it keeps the forward
     * signal's variance (eq. 10); with the fan-out, the backward signal's (eq. 14, torchvision's choice for
     * ResNet convs, {@code mode="fan_out"}).
     *
     * @param fan fan-in or fan-out (for a conv's fan-out: out-channels x kernel height x kernel width)
     */
    record HeNormal(long fan) implements Init {
        public HeNormal {
            positive(fan, "fan");
        }

        /** The standard deviation. */
        public double std() {
            return Math.sqrt(2.0 / fan);
        }
    }

    /**
     * Uniform on {@code [-a, a]} with {@code a = sqrt(6 / (fanIn + fanOut))}: Glorot and Bengio,
     * "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010, eq. (16),
     * for linear and attention projections.
     */
    record XavierUniform(long fanIn, long fanOut) implements Init {
        public XavierUniform {
            positive(fanIn, "fanIn");
            positive(fanOut, "fanOut");
        }

        /** The bound {@code a}. */
        public double bound() {
            return Math.sqrt(6.0 / (fanIn + fanOut));
        }
    }

    /** Uniform on {@code [-bound, bound]} (GNMT: 0.04, Wu et al. 2016 section 8.1). */
    record Uniform(double bound) implements Init {
        public Uniform {
            if (!(bound > 0) || Double.isInfinite(bound)) {
                throw new IllegalArgumentException("bound must be finite and > 0, got " + bound);
            }
        }
    }

    /** Normal with mean 0 and standard deviation {@code std} (embeddings). */
    record Normal(double std) implements Init {
        public Normal {
            if (!(std > 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("std must be finite and > 0, got " + std);
            }
        }
    }

    /** Every element equal to {@code value} (biases 0, BatchNorm gamma 1, running variance 1). */
    record Constant(double value) implements Init {
        public Constant {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value must be finite, got " + value);
            }
        }
    }

    /** All zeros. */
    static Init zeros() {
        return new Constant(0.0);
    }

    /** All ones. */
    static Init ones() {
        return new Constant(1.0);
    }

    private static void positive(long v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }
}
