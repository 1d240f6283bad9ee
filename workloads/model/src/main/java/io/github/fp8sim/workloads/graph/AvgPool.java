package io.github.fp8sim.workloads.graph;

/**
 * 2-D average pooling (PyTorch's {@code AvgPool2d}, floor mode). Input {@code x [N, C, H, W]}; output
 * {@code [N, C, Ho, Wo]} as for {@link MaxPool}.
 *
 * @param countIncludePad divide by the full window size even where it overlaps the padding (PyTorch's default)
 */
public record AvgPool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
        boolean countIncludePad) implements Op {

    public AvgPool {
        Checks.pool(kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    public String kind() {
        return "avgpool";
    }
}
