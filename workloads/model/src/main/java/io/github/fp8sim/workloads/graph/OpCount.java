package io.github.fp8sim.workloads.graph;

/**
 * The work of one node.
 *
 * @param macs     multiply-accumulates done on the MAC array (convs, linears, matmuls, LSTM gate GEMMs)
 * @param elements elements the node writes (the vector unit's work for elementwise ops, the GEMM outputs
 *                 for the rest)
 */
public record OpCount(long macs, long elements) {

    public OpCount {
        if (macs < 0 || elements < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got macs " + macs + ", elements " + elements);
        }
    }
}
