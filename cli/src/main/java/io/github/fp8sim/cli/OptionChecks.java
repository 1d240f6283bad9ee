package io.github.fp8sim.cli;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express; a failure is a usage error (exit 2)
 * naming the option and the value as given, e.g. {@code --lr Infinity: expected a finite number > 0}.
 */
final class OptionChecks {

    private final CommandSpec spec;

    OptionChecks(CommandSpec spec) {
        this.spec = spec;
    }

    /** Requires {@code ok}, else reports {@code option value: expected expected}. */
    OptionChecks require(boolean ok, String option, Object value, String expected) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": expected " + expected);
        }
        return this;
    }

    /** An integer of at least {@code min}. */
    OptionChecks atLeast(String option, long value, long min) {
        return require(value >= min, option, value, "an integer >= " + min);
    }

    /** A finite number above 0. */
    OptionChecks positive(String option, double value) {
        return require(Double.isFinite(value) && value > 0, option, value, "a finite number > 0");
    }

    /** A finite number of at least 0. */
    OptionChecks nonNegative(String option, double value) {
        return require(Double.isFinite(value) && value >= 0, option, value, "a finite number >= 0");
    }

    /**
     * A comma-separated list with at least one item ({@code null}: the option was not given); picocli
     * turns {@code --seeds ,} into an empty list, which must not silently mean the default.
     */
    OptionChecks notEmpty(String option, List<?> values) {
        if (values != null && values.isEmpty()) {
            List<String> given = spec.commandLine().getParseResult().matchedOption(option).originalStringValues();
            require(false, option, "'" + String.join(" ", given) + "'", "one or more values separated by commas");
        }
        return this;
    }
}
