/**
 * FP32 backward passes: the gradient of every op of the graph IR ({@link io.github.fp8sim.workloads.autodiff.Backward},
 * one exhaustive switch) and of a whole graph's loss ({@link io.github.fp8sim.workloads.autodiff.GraphGradients}),
 * the yardstick the FP8 training engine's errors and weight gradients are measured against.
 *
 * <p>Numerics, fixed so every gradient is the same bits on every machine and thread count, with the same
 * rule as the forward reference ({@linkplain io.github.fp8sim.workloads.reference package documentation}):
 * <ul>
 *   <li>Gradients that are dot products (conv2d's dX and dW, linear's and matmul's dX, dW, dA, dB, the LSTM
 *       gate GEMMs) accumulate in {@code float}: each element starts at +0.0 and adds {@code float} products
 *       one at a time in increasing reduction index, rounding after every step (the output-stationary order
 *       of ARCHITECTURE.md section 2). Each op's class documents its reduction index.</li>
 *   <li>Every other gradient computes in {@code double} and rounds to {@code float} once per element; its
 *       sums (bias gradients, reductions over broadcast axes, normalisation statistics, pooling and
 *       embedding scatter-adds, and gradients of a tensor read by several nodes) run in increasing index
 *       order and start from their first term, so a sum of one term is that term, sign of zero included
 *       (an element no term reaches is +0.0); transcendentals use {@link java.lang.StrictMath}.</li>
 *   <li>Derivatives are evaluated from the forward's inputs in double (recomputing what the forward
 *       computed, such as softmax probabilities, batch statistics and LSTM gate pre-activations, exactly as
 *       it computed them), not from its rounded outputs.</li>
 *   <li>No FMA, no reassociation; a gradient that is only moved (reshape, transpose, slice, concat) keeps its
 *       bits. {@link io.github.fp8sim.workloads.autodiff.Backward} runs on the calling thread;
 *       {@link io.github.fp8sim.workloads.autodiff.Fp32Numerics} shares the dot products' output rows among host
 *       threads, each element still summed whole by one thread in the order above, so the bits are the same.</li>
 * </ul>
 *
 * <p>So scaling the loss by a power of two scales every gradient by exactly that power (unless a value
 * overflows or becomes subnormal): every step above is linear in the upstream gradient and each rounding
 * commutes with a power-of-two factor.
 */
package io.github.fp8sim.workloads.autodiff;
