package io.github.fp8sim.workloads.graph;

/**
 * 2-D max pooling (PyTorch's {@code MaxPool2d}, floor mode; padding counts as -infinity). Input
 * {@code x [N, C, H, W]}; output {@code [N, C, Ho, Wo]}, {@code Ho = floor((H + 2 padH - kernelH) / strideH) + 1}.
 */
public record MaxPool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) implements Op {

    public MaxPool {
        Checks.pool(kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** A square window. */
    public static MaxPool of(int kernel, int stride, int padding) {
        return new MaxPool(kernel, kernel, stride, stride, padding, padding);
    }

    @Override
    public String kind() {
        return "maxpool";
    }
}
