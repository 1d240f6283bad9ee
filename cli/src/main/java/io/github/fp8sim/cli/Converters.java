package io.github.fp8sim.cli;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.random.RandomKind;
import io.github.fp8sim.datapath.round.Overflow;
import io.github.fp8sim.datapath.round.Rounding;
import io.github.fp8sim.runtime.exec.Mode;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.function.Function;

/** Picocli converters that reuse the datapath's own parsers, so the CLI and the API accept the same names. */
final class Converters {

    private Converters() {
    }

    static void register(CommandLine cli) {
        cli.registerConverter(FloatFormat.class, wrap(FloatFormat::parse));
        cli.registerConverter(Rounding.class, wrap(Rounding::parse));
        cli.registerConverter(Overflow.class, wrap(Overflow::parse));
        cli.registerConverter(NanPolicy.class, wrap(NanPolicy::parse));
        cli.registerConverter(RandomKind.class, wrap(RandomKind::parse));
        cli.registerConverter(Mode.class, wrap(Mode::parse));
    }

    private static <T> ITypeConverter<T> wrap(Function<String, T> parser) {
        return text -> {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }
}
