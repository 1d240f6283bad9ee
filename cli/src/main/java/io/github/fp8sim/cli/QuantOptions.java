package io.github.fp8sim.cli;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.QuantSpec;
import io.github.fp8sim.datapath.round.Rounding;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --rounding}, {@code --overflow}, {@code --nan-policy}, {@code --sr-bits}: a conversion unit's settings. */
public final class QuantOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--rounding", defaultValue = Defaults.ROUNDING, paramLabel = "rne|rz|sr",
            description = "Rounding (default: ${DEFAULT-VALUE}).")
    Rounding rounding;

    @Option(names = "--overflow", defaultValue = Defaults.OVERFLOW, paramLabel = "saturate|inf",
            description = "Overflow policy (default: ${DEFAULT-VALUE}).")
    Overflow overflow;

    @Option(names = "--nan-policy", defaultValue = Defaults.NAN_POLICY, paramLabel = "mldtypes|canonical",
            description = "NaN codes produced (default: ${DEFAULT-VALUE}).")
    NanPolicy nanPolicy;

    @Option(names = "--sr-bits", defaultValue = Defaults.SR_BITS, paramLabel = "R",
            description = "Random bits per SR rounding, 1..31 (default: ${DEFAULT-VALUE}).")
    int srBits;

    /** The unit's spec for {@code format}; an out-of-range {@code --sr-bits} is a usage error. */
    public QuantSpec toSpec(FloatFormat format) {
        if (srBits < 1 || srBits > QuantSpec.MAX_SR_BITS) {
            throw new ParameterException(spec.commandLine(), "--sr-bits must be 1.." + QuantSpec.MAX_SR_BITS + ", got " + srBits);
        }
        return new QuantSpec(format, rounding, overflow, srBits, nanPolicy);
    }
}
