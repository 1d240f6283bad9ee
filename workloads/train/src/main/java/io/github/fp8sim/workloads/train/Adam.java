package io.github.fp8sim.workloads.train;

/**
 * Adam as {@code torch.optim.Adam} (L2 weight decay added to the gradient, no AMSGrad). Per step,
 * with t the state's step count after incrementing it, in {@code double} (Python floats, StrictMath):
 * <pre>{@code
 * bc1 = 1 - beta1^t;  bc2 = 1 - beta2^t;  stepSize = lr / bc1;  bc2Sqrt = sqrt(bc2)
 * }</pre>
 * then per element, in {@code float}, in this order ({@code a = (float) (1 - beta1)}, PyTorch's
 * {@code lerp} weight):
 * <pre>{@code
 * if wd != 0:  g = g + (float) wd * w                        // grad.add(param, alpha=wd)
 * m = |a| < 0.5 ? m + a * (g - m) : g - (g - m) * (1 - a)    // exp_avg.lerp_(grad, 1 - beta1)
 * v = (float) beta2 * v;  v = v + ((float) (1 - beta2) * g) * g // exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2)
 * denom = sqrt(v) / (float) bc2Sqrt + (float) eps            // (exp_avg_sq.sqrt() / bc2Sqrt).add_(eps)
 * u = ((float) stepSize * m) / denom                         // param.addcdiv_(exp_avg, denom, -stepSize) is w - u
 * }</pre>
 * ({@code sqrt} of a float is correctly rounded.) Then {@link MasterWeights#apply} with {@code u}.
 *
 * @param lr the learning-rate schedule
 * @param beta1 first-moment decay in [0, 1)
 * @param beta2 second-moment decay in [0, 1)
 * @param eps added to the denominator, >= 0
 * @param weightDecay L2 coefficient added to the gradient, >= 0
 */
public record Adam(LrSchedule lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {

    public Adam {
        if (lr == null) {
            throw new IllegalArgumentException("Adam needs a learning-rate schedule");
        }
        StepChecks.decay("beta1", beta1);
        StepChecks.decay("beta2", beta2);
        StepChecks.nonNegative("eps", eps);
        StepChecks.nonNegative("weight decay", weightDecay);
    }

    /** Adam with a constant learning rate. */
    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(new LrSchedule.Constant(lr), beta1, beta2, eps, weightDecay);
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Adam withDefaults(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0);
    }

    @Override
    public AdamState newState(int length) {
        return new AdamState(length);
    }

    @Override
    public void step(MasterWeights weights, float[] gradient, OptimizerState state, long step) {
        if (!(state instanceof AdamState s)) {
            throw new IllegalArgumentException("Adam needs an AdamState, got " + state.getClass().getSimpleName());
        }
        StepChecks.lengths(weights, gradient, state);
        long t = ++s.t;
        double bc1 = 1 - StrictMath.pow(beta1, t);
        double bc2 = 1 - StrictMath.pow(beta2, t);
        float stepSize = (float) (lr.lr(step) / bc1);
        float bc2Sqrt = (float) StrictMath.sqrt(bc2);
        float a = (float) (1 - beta1);
        boolean smallWeight = Math.abs(a) < 0.5f;
        float oneMinusA = 1f - a;
        float b2 = (float) beta2;
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float wd = (float) weightDecay;
        float[] m = s.m;
        float[] v = s.v;
        float[] u = s.update;
        for (int i = 0; i < u.length; i++) {
            float g = gradient[i];
            if (weightDecay != 0) {
                g = g + wd * weights.value(i);
            }
            m[i] = smallWeight ? m[i] + a * (g - m[i]) : g - (g - m[i]) * oneMinusA;
            v[i] = b2 * v[i];
            v[i] = v[i] + (c2 * g) * g;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + e;
            u[i] = (stepSize * m[i]) / denom;
        }
        weights.apply(u);
    }
}
