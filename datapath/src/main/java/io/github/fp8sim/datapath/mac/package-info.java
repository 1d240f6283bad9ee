/**
 * The FP8 MAC array: {@link io.github.fp8sim.datapath.mac.MacArray} (fast, bit-exact GEMM),
 * {@link io.github.fp8sim.datapath.mac.ReferenceGemm} (the scalar oracle it is tested against) and
 * {@link io.github.fp8sim.datapath.mac.FoldModel} (SCALE-Sim compute cycles), configured by
 * {@link io.github.fp8sim.datapath.mac.ArrayShape}, {@link io.github.fp8sim.datapath.mac.ArrayDataflow} and
 * {@link io.github.fp8sim.datapath.mac.Accumulation}. The numerics are ARCHITECTURE.md section 2, "MAC and
 * accumulation".
 */
package io.github.fp8sim.datapath.mac;
