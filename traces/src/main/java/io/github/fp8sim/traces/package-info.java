/** Execution traces (record, replay, diff) and golden test vectors for RTL testbenches. */
package io.github.fp8sim.traces;
