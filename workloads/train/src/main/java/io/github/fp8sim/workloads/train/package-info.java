/**
 * The optimizer side of the training recipe of Mellempudi et al. 2019 (ARCHITECTURE.md section 3):
 * {@link io.github.fp8sim.workloads.train.MasterWeights} (FP32 or FP16 master copies updated with
 * stochastic rounding), {@link io.github.fp8sim.workloads.train.Optimizer} (SGD and Adam with FP32
 * state), {@link io.github.fp8sim.workloads.train.LrSchedule},
 * {@link io.github.fp8sim.workloads.train.LossScaler} (none, static, dynamic and the paper's enhanced
 * loss scaling) and {@link io.github.fp8sim.workloads.train.OverflowCheck}.
 *
 * <p>One training step, in the order these classes expect:
 * <ol>
 *   <li>the loss is multiplied by {@link io.github.fp8sim.workloads.train.LossScaler#scale()};
 *   <li>after the backward pass, the FP32 values about to be converted to FP8 (and the FP32 weight
 *       gradients) are scanned with {@link io.github.fp8sim.workloads.train.OverflowCheck};
 *   <li>{@link io.github.fp8sim.workloads.train.LossScaler#update(boolean)} is told whether anything
 *       overflowed and answers whether the step is skipped;
 *   <li>if not skipped, the gradients are unscaled (multiplied by 1/scale) and each parameter's
 *       {@link io.github.fp8sim.workloads.train.Optimizer#step} updates its master weights.
 * </ol>
 */
package io.github.fp8sim.workloads.train;
