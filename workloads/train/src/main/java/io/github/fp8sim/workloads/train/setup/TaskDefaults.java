package io.github.fp8sim.workloads.train.setup;

import io.github.fp8sim.workloads.train.Trainer;

/**
 * How a task's model trains unless told otherwise: the optimizer, its learning rate and schedule, and
 * how many epochs' weights the final model averages.
 *
 * @param averageLast the epochs of checkpoint averaging the task asks for, before capping at the run's
 *                    length; 0 or 1 is the last weights alone
 */
public record TaskDefaults(Trainer.Method method, double lr, Trainer.Schedule schedule, int averageLast) {

    /** SGD's rate for the image tasks (ResNet on small images). */
    public static final double SGD_LR = 0.05;
    /** Adam's rate for the translation tasks. */
    public static final double ADAM_LR = 1e-3;

    /** The rate for {@code m}: the task's own for its optimizer, else that optimizer's usual one. */
    public double lrFor(Trainer.Method m) {
        return m == method ? lr : m == Trainer.Method.ADAM ? ADAM_LR : SGD_LR;
    }

    /** The epochs the final model averages in a run of {@code epochs}: the task's, capped at the run, at least 1. */
    public int averagedEpochs(int epochs) {
        return Math.min(Math.max(1, averageLast), epochs);
    }
}
