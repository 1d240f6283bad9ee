package io.github.fp8sim.workloads.graph;

/**
 * One operation of the graph IR. Records carry only attributes; what each input must be, the output
 * shapes ({@link ShapeInference}) and the work ({@link MacCounter}) are defined in one exhaustive
 * {@code switch} each, so a new op does not compile until both handle it.
 *
 * <p>Inputs are positional and listed in each record's documentation. Negative axes count from the end.
 * Layouts follow PyTorch: images {@code [N, C, H, W]}, conv weights {@code [Cout, Cin/groups, Kh, Kw]},
 * linear weights {@code [out, in]} (y = x W^T + b).
 */
public sealed interface Op permits Conv2d, Linear, MatMul, BatchNorm, LayerNorm, Relu, Gelu, Tanh, Sigmoid,
        Add, Mul, Scale, MaxPool, AvgPool, GlobalAvgPool, Softmax, Embedding, PositionalEncoding, LstmCell,
        CausalMask, Concat, Reshape, Transpose, Slice, Fill, CrossEntropy {

    /** A short lower-case name for reports and messages, e.g. {@code conv2d}. */
    String kind();
}
