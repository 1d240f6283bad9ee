package io.github.fp8sim.workloads.train;

/**
 * A learning rate as a function of the training step (0 for the first step). Rates are {@code double},
 * as PyTorch's are Python floats; an {@link Optimizer} converts the rate to {@code float} where it
 * multiplies a tensor. Every formula uses {@link StrictMath}, so a rate is the same on every JVM.
 */
public sealed interface LrSchedule {

    /** The learning rate of training step {@code step} (>= 0). */
    double lr(long step);

    /** The same rate at every step. */
    record Constant(double lr) implements LrSchedule {
        public Constant {
            checkRate("lr", lr);
        }

        @Override
        public double lr(long step) {
            return lr;
        }
    }

    /**
     * {@code base * gamma^floor(step / every)}: PyTorch's {@code StepLR} counted in steps.
     *
     * @param every steps between decays, >= 1
     */
    record StepDecay(double base, double gamma, long every) implements LrSchedule {
        public StepDecay {
            checkRate("base", base);
            checkRate("gamma", gamma);
            if (every < 1) {
                throw new IllegalArgumentException("step decay interval must be >= 1, got " + every);
            }
        }

        @Override
        public double lr(long step) {
            return base * StrictMath.pow(gamma, (double) (step / every));
        }
    }

    /**
     * Cosine annealing from {@code base} to {@code min} over {@code total} steps, then {@code min}:
     * {@code min + (base - min) * (1 + cos(pi * step / total)) / 2} (PyTorch's {@code CosineAnnealingLR}
     * closed form with {@code T_max = total}).
     */
    record Cosine(double base, double min, long total) implements LrSchedule {
        public Cosine {
            checkRate("base", base);
            checkRate("min", min);
            if (total < 1) {
                throw new IllegalArgumentException("cosine schedule length must be >= 1, got " + total);
            }
        }

        @Override
        public double lr(long step) {
            if (step >= total) {
                return min;
            }
            return min + (base - min) * (1 + StrictMath.cos(StrictMath.PI * step / total)) / 2;
        }
    }

    /**
     * Linear warmup in front of another schedule: {@code after.lr(step) * (step + 1) / steps} for
     * {@code step < steps}, then {@code after.lr(step)}. The first step runs at {@code 1/steps} of the
     * rate and step {@code steps - 1} at the full rate (PyTorch's {@code LinearLR} with
     * {@code start_factor = 1/steps}, {@code total_iters = steps - 1}).
     */
    record Warmup(LrSchedule after, long steps) implements LrSchedule {
        public Warmup {
            if (after == null) {
                throw new IllegalArgumentException("warmup needs the schedule that follows it");
            }
            if (steps < 1) {
                throw new IllegalArgumentException("warmup length must be >= 1, got " + steps);
            }
        }

        @Override
        public double lr(long step) {
            double rate = after.lr(step);
            return step < steps ? rate * (step + 1) / steps : rate;
        }
    }

    private static void checkRate(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }
}
