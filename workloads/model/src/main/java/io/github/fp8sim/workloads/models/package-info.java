/**
 * Model builders (ResNet-18/34/50, GNMT, Transformer and small variants) that produce training graphs with
 * exact MAC counts, and {@link io.github.fp8sim.workloads.models.ModelZoo}, the lookup by name.
 */
package io.github.fp8sim.workloads.models;
