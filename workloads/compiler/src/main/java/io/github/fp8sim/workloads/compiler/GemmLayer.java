package io.github.fp8sim.workloads.compiler;

import java.util.Objects;

/**
 * One GEMM layer as it sits in DRAM: C (M x N) = epilogue(A (M x K) times B (K x N)), A and B 8-bit
 * codes ({@link Operand}), the {@link Epilogue}'s output codes written row-major from {@code outAddr},
 * rows {@code outRowStride} bytes apart.
 */
public record GemmLayer(String name, int m, int n, int k, Operand a, Operand b, Epilogue epilogue, long outAddr,
                        long outRowStride) {

    public GemmLayer {
        Objects.requireNonNull(epilogue, "epilogue");
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException(name + ": M, N and K must be at least 1, got " + m + ", " + n + ", " + k);
        }
        if (!a.format().isFp8() || !b.format().isFp8()) {
            throw new IllegalArgumentException(name + ": GEMM operands must be 8-bit, got " + a.format().text() + " x "
                    + b.format().text());
        }
        if (a.rowStride() < k || b.rowStride() < n || outRowStride < (long) n * epilogue.output().bytesPerElement()) {
            throw new IllegalArgumentException(name + ": a row stride is shorter than its row");
        }
    }

    /** How the accumulators become the output: {@code epilogue().output()}. */
    public OutputSpec output() {
        return epilogue.output();
    }

    public long macs() {
        return (long) m * n * k;
    }
}
