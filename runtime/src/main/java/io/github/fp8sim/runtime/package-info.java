/** The machine: memories, DMA, the bit-exact interpreter, and cycle and energy accounting. */
package io.github.fp8sim.runtime;
