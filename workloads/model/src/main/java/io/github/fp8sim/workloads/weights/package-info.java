/**
 * Parameter values: seeded He/Xavier initialisation per tensor from SplitMix64, and the fp8sim weight file
 * (format version 1) to save and load named float32 tensors.
 */
package io.github.fp8sim.workloads.weights;
