package io.github.fp8sim.workloads.compiler;

/** The M x N x K of one GEMM a layer runs on the array: what SCALE-Sim's fold model is evaluated on. */
public record GemmShape(int m, int n, int k) {

    public long macs() {
        return (long) m * n * k;
    }
}
