package io.github.fp8sim.workloads.graph;

/**
 * Batch normalisation over the channel axis 1 (Ioffe and Szegedy 2015). Inputs: {@code x [N, C, ...]},
 * {@code gamma [C]}, {@code beta [C]}, {@code runningMean [C]}, {@code runningVar [C]}. Output: the
 * shape of {@code x}. Whether batch or running statistics are used is the executor's mode (training or
 * inference), not an attribute of the graph.
 *
 * @param eps added to the variance (PyTorch's default is 1e-5)
 */
public record BatchNorm(double eps) implements Op {

    public BatchNorm {
        Checks.positive(eps, "eps");
    }

    @Override
    public String kind() {
        return "batchnorm";
    }
}
