/**
 * Design-space sweeps (issue 13): a spec of machine-file axes over workloads ({@link
 * io.github.fp8sim.workloads.sweep.SweepSpecs}), its points ({@link io.github.fp8sim.workloads.sweep.Points}),
 * and the local engine that runs them and writes points.csv, points.jsonl and pareto.csv ({@link
 * io.github.fp8sim.workloads.sweep.Sweep}).
 */
package io.github.fp8sim.workloads.sweep;
