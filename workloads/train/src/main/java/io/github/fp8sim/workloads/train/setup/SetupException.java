package io.github.fp8sim.workloads.train.setup;

/**
 * A dataset or model that cannot be set up: an unknown name, a missing path, too little data, or a
 * model that does not fit the data. The message names the problem, not the input; {@link #input()} and
 * {@link #value()} say which input it is, for a caller that names its own option.
 */
public final class SetupException extends IllegalArgumentException {

    /** Which input of {@link TrainingSetup#of} was bad. */
    public enum Input { DATASET, MODEL }

    private final Input input;
    private final String value;

    SetupException(Input input, String value, String problem) {
        super(problem);
        this.input = input;
        this.value = value;
    }

    /** The bad input. */
    public Input input() {
        return input;
    }

    /** The input's value as given. */
    public String value() {
        return value;
    }
}
