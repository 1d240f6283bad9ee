package io.github.fp8sim.workloads.graph;

/**
 * What a tensor holds, so the compiler can choose its number format and rounding per class
 * (ARCHITECTURE.md section 3, after Mellempudi et al. 2019 section 3: forward activations and weights
 * round RNE, errors and weight gradients round stochastically).
 */
public enum TensorClass {
    /** A forward activation, including the network's input data. */
    ACTIVATION(false),
    /** A trainable weight of a conv, linear, embedding or LSTM. */
    WEIGHT(true),
    /** A trainable bias. */
    BIAS(true),
    /** A trainable normalisation parameter (BatchNorm / LayerNorm gamma and beta). */
    NORM_PARAM(true),
    /** A normalisation statistic that is stored but not trained (BatchNorm running mean and variance). */
    NORM_STAT(false),
    /** Integer indices held exactly in the float value (token ids, class labels). */
    INDEX(false),
    /** The training loss. */
    LOSS(false),
    /** An error: the gradient of the loss with respect to an activation (backward pass). */
    ERROR(false),
    /** A weight gradient (backward pass). */
    GRADIENT(false);

    private final boolean trainable;

    TensorClass(boolean trainable) {
        this.trainable = trainable;
    }

    /** True for classes that count as model parameters (torchvision's {@code parameters()}). */
    public boolean trainable() {
        return trainable;
    }
}
