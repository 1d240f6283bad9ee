package io.github.fp8sim.workloads.graph;

/**
 * 2-D convolution (cross-correlation, as PyTorch's {@code Conv2d}). Inputs: {@code x [N, Cin, H, W]},
 * {@code weight [Cout, Cin/groups, Kh, Kw]}, and {@code bias [Cout]} when {@code bias} is set. Output
 * {@code [N, Cout, Ho, Wo]} with {@code Ho = floor((H + 2 padH - dilationH (Kh - 1) - 1) / strideH) + 1}
 * (likewise Wo). The kernel size comes from the weight's shape.
 */
public record Conv2d(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
        boolean bias) implements Op {

    public Conv2d {
        Checks.atLeast(1, strideH, "strideH");
        Checks.atLeast(1, strideW, "strideW");
        Checks.atLeast(0, padH, "padH");
        Checks.atLeast(0, padW, "padW");
        Checks.atLeast(1, dilationH, "dilationH");
        Checks.atLeast(1, dilationW, "dilationW");
        Checks.atLeast(1, groups, "groups");
    }

    /** A square, undilated, ungrouped conv without bias (the ResNet case). */
    public static Conv2d of(int stride, int padding) {
        return new Conv2d(stride, stride, padding, padding, 1, 1, 1, false);
    }

    @Override
    public String kind() {
        return "conv2d";
    }
}
