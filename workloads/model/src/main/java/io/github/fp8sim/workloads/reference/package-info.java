/**
 * The FP32 reference executor: evaluates a graph of the IR in plain FP32 with the same weights the
 * accelerator uses, as the yardstick for accuracy ({@link io.github.fp8sim.workloads.reference.ReferenceExecutor}),
 * and the metrics that compare a run against it ({@link io.github.fp8sim.workloads.metrics.AccuracyMetrics}).
 *
 * <p>Numerics, fixed so every result is the same bits on every machine and thread count:
 * <ul>
 *   <li>Tensors are {@code float[]}, row-major in the IR's layout ({@link io.github.fp8sim.workloads.tensor.TensorShape}):
 *       images {@code [N, C, H, W]}, sequences {@code [B, T, D]}, conv weights {@code [Cout, Cin/groups, Kh, Kw]},
 *       linear weights {@code [out, in]}.</li>
 *   <li>Dot products (conv2d, linear, matmul, the LSTM gate GEMM) accumulate in {@code float}: each output
 *       starts at its bias (or +0.0) and adds {@code float} products {@code a*b} one at a time in increasing
 *       reduction index k, rounding to nearest-even after every addition: the output-stationary order of
 *       ARCHITECTURE.md section 2, so an accelerator run without quantization can match it bit for bit.</li>
 *   <li>Every other op computes in {@code double} and rounds to {@code float} once per output element; its
 *       sums (means, variances, softmax denominators, pool windows) run in increasing index order;
 *       transcendentals use {@link java.lang.StrictMath} (fdlibm).</li>
 *   <li>No FMA (Java never contracts {@code a*b+c}); the JIT's vectorisation of the innermost loop runs across
 *       independent outputs and does not reorder any sum; host threads, where a caller gives them
 *       ({@link io.github.fp8sim.workloads.reference.ReferenceExecutor#apply(io.github.fp8sim.workloads.graph.Op,
 *       java.util.List, io.github.fp8sim.runtime.exec.GemmThreads)}), take whole output rows, never part of a sum.
 *       One exception to "the same bits": which NaN an addition or a product keeps when both operands are NaN
 *       is the JIT's choice (it may swap the operands), so the sign and payload of such a NaN can differ from
 *       run to run, as the IEEE standard leaves them open.</li>
 * </ul>
 */
package io.github.fp8sim.workloads.reference;
