/** Graph IR, the compiler from graphs to ISA programs, models, datasets and training. */
package io.github.fp8sim.workloads;
