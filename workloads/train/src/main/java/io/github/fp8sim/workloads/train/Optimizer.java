package io.github.fp8sim.workloads.train;

/**
 * A first-order optimizer with FP32 state, following PyTorch's {@code torch.optim} update formulas
 * (the single-tensor path: {@code foreach=False, fused=False}, no AMSGrad, no maximize).
 *
 * <p>Arithmetic: hyperparameters and the learning rate are {@code double} (Python floats); each is
 * converted to {@code float} once where PyTorch passes it as a scalar to a float tensor op. Every
 * tensor operation is one Java {@code float} operation, rounded to nearest even, in the order each
 * implementation states: no FMA, no {@code double} intermediates. PyTorch itself may fuse a multiply
 * and an add in its vectorised CPU kernels, so agreement with a given PyTorch build is to a few ulps,
 * not to the bit.
 *
 * <p>A step computes, from the master weights' current values and an already-unscaled FP32 gradient,
 * the amount {@code u} to subtract from each weight (the learning rate included), then calls
 * {@link MasterWeights#apply(float[])}: {@code w32 = float(w16) - u}, rounded to the storage format.
 */
public sealed interface Optimizer permits Sgd, Adam {

    /** The learning-rate schedule. */
    LrSchedule lr();

    /** Fresh FP32 state (zeroed moments, step count 0) for a tensor of {@code length} elements. */
    OptimizerState newState(int length);

    /**
     * One update of {@code weights}.
     *
     * @param gradient the FP32 gradient, already divided by the loss scale
     * @param state this tensor's state, from {@link #newState} of this optimizer
     * @param step the training step, the argument of {@link LrSchedule#lr(long)}
     * @throws IllegalArgumentException if lengths differ or the state belongs to another optimizer kind
     */
    void step(MasterWeights weights, float[] gradient, OptimizerState state, long step);
}
