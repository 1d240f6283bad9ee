package io.github.fp8sim.workloads.compiler;

import io.github.fp8sim.isa.insn.NumFormat;

/**
 * One GEMM layer as it sits in DRAM: C (M x N) = epilogue(A (M x K) times B (K x N)), A and B
 * row-major 8-bit codes with the given row strides (bytes); the epilogue multiplies each column by an
 * optional FP32 scale and adds an optional FP32 bias (a folded BatchNorm: x * s + t), and applies an
 * optional ReLU; the output is written as {@link OutputSpec} codes row-major.
 *
 * @param scaleAddr DRAM address of N little-endian FP32 values, or -1 for none
 * @param biasAddr  DRAM address of N little-endian FP32 values, or -1 for none
 */
public record GemmLayer(String name, int m, int n, int k,
                        long aAddr, long aRowStride, NumFormat aFormat,
                        long bAddr, long bRowStride, NumFormat bFormat,
                        long scaleAddr, long biasAddr, boolean relu,
                        long outAddr, long outRowStride, OutputSpec output) {

    public GemmLayer {
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException(name + ": M, N and K must be at least 1, got " + m + ", " + n + ", " + k);
        }
        if (!aFormat.isFp8() || !bFormat.isFp8()) {
            throw new IllegalArgumentException(name + ": GEMM operands must be 8-bit, got " + aFormat.text() + " x " + bFormat.text());
        }
        if (aRowStride < k || bRowStride < n || outRowStride < (long) n * output.bytesPerElement()) {
            throw new IllegalArgumentException(name + ": a row stride is shorter than its row");
        }
    }

    /** A layer without a per-channel scale. */
    public GemmLayer(String name, int m, int n, int k, long aAddr, long aRowStride, NumFormat aFormat, long bAddr,
                     long bRowStride, NumFormat bFormat, long biasAddr, boolean relu, long outAddr, long outRowStride,
                     OutputSpec output) {
        this(name, m, n, k, aAddr, aRowStride, aFormat, bAddr, bRowStride, bFormat, -1, biasAddr, relu, outAddr,
                outRowStride, output);
    }

    public long macs() {
        return (long) m * n * k;
    }
}
