/** Quality metrics of trained models beyond top-1 accuracy: corpus BLEU for translation. */
package io.github.fp8sim.workloads.metrics;
