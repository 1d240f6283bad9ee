/** SCALE-Sim topology CSV import: each convolution layer mapped to a GEMM as SCALE-Sim maps it. */
package io.github.fp8sim.workloads.topology;
