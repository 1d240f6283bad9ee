package io.github.fp8sim.workloads.train;

/**
 * Stochastic gradient descent with momentum, weight decay and Nesterov momentum, as
 * {@code torch.optim.SGD} (dampening 0). Per element, with {@code w} the master weight's current value
 * and {@code g} the gradient, in this order, each line one {@code float} operation or two:
 * <pre>{@code
 * if wd != 0:  g = g + (float) wd * w                 // d_p = d_p.add(param, alpha=wd)
 * if mu != 0:  v = first step ? g : (float) mu * v + g  // buf = clone(d_p), later buf.mul_(mu).add_(d_p)
 *              d = nesterov ? g + (float) mu * v : v
 * else:        d = g
 * u = (float) lr * d                                  // param.add_(d_p, alpha=-lr) is w - u
 * }</pre>
 * then {@link MasterWeights#apply} with {@code u}. The ARCHITECTURE.md section 3 recipe is this with
 * FP16 master weights: {@code w32 = float(w16) - lr * v32}.
 *
 * @param lr the learning-rate schedule
 * @param momentum mu, >= 0
 * @param weightDecay L2 coefficient added to the gradient, >= 0
 * @param nesterov Nesterov momentum (needs mu > 0)
 */
public record Sgd(LrSchedule lr, double momentum, double weightDecay, boolean nesterov) implements Optimizer {

    public Sgd {
        if (lr == null) {
            throw new IllegalArgumentException("SGD needs a learning-rate schedule");
        }
        StepChecks.nonNegative("momentum", momentum);
        StepChecks.nonNegative("weight decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
    }

    /** SGD with a constant learning rate. */
    public Sgd(double lr, double momentum, double weightDecay, boolean nesterov) {
        this(new LrSchedule.Constant(lr), momentum, weightDecay, nesterov);
    }

    @Override
    public SgdState newState(int length) {
        return new SgdState(length);
    }

    @Override
    public void step(MasterWeights weights, float[] gradient, OptimizerState state, long step) {
        if (!(state instanceof SgdState s)) {
            throw new IllegalArgumentException("SGD needs an SgdState, got " + state.getClass().getSimpleName());
        }
        StepChecks.lengths(weights, gradient, state);
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        float rate = (float) lr.lr(step);
        boolean first = !s.hasMomentum;
        float[] v = s.momentum;
        float[] u = s.update;
        for (int i = 0; i < u.length; i++) {
            float g = gradient[i];
            if (weightDecay != 0) {
                g = g + wd * weights.value(i);
            }
            float d = g;
            if (momentum != 0) {
                v[i] = first ? g : mu * v[i] + g;
                d = nesterov ? g + mu * v[i] : v[i];
            }
            u[i] = rate * d;
        }
        s.hasMomentum = momentum != 0;
        weights.apply(u);
    }
}
