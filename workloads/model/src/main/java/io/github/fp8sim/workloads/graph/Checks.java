package io.github.fp8sim.workloads.graph;

/** Range checks shared by the op records' compact constructors. */
final class Checks {

    private Checks() {}

    static void atLeast(int min, int value, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ", got " + value);
        }
    }

    static void positive(double value, String what) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + value);
        }
    }

    static void pool(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        atLeast(1, kernelH, "kernelH");
        atLeast(1, kernelW, "kernelW");
        atLeast(1, strideH, "strideH");
        atLeast(1, strideW, "strideW");
        atLeast(0, padH, "padH");
        atLeast(0, padW, "padW");
        // PyTorch's rule: padding at most half the kernel, so no window lies wholly in the padding.
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("padding must be at most half the kernel, got pad " + padH + "x" + padW
                    + " for kernel " + kernelH + "x" + kernelW);
        }
    }
}
