package io.github.fp8sim.cli;

import java.util.List;
import java.util.Locale;

import io.github.fp8sim.datapath.format.FloatFormat;
import io.github.fp8sim.datapath.format.NanPolicy;
import io.github.fp8sim.datapath.format.Specials;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim formats}: the number formats and their limits, computed from (e, m, bias, specials). */
@Command(name = "formats",
        mixinStandardHelpOptions = true,
        description = "Prints the built-in formats (or the ones named) with bias, limits and special codes.")
public final class FormatsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FORMAT", arity = "0..*",
            description = "Formats to show, e.g. e3m4 or e4m3b11fnuz (default: the built-ins).")
    List<String> names;

    @Override
    public void run() {
        List<FloatFormat> shown = names == null || names.isEmpty() ? FloatFormat.builtIns() : names.stream().map(this::parse).toList();
        TextTable table = new TextTable("format", "e", "m", "bias", "specials", "max finite", "min normal",
                "min subnormal", "inf", "nan codes", "nan out (mldtypes; canonical)");
        for (FloatFormat f : shown) {
            table.row(f.name(), f.expBits(), f.manBits(), f.bias(), f.specials().name().toLowerCase(Locale.ROOT),
                    maxFinite(f) + " (" + f.formatCode(f.maxFiniteCode()) + ")",
                    Values.pow2(f.minNormal()), Values.pow2(f.minSubnormal()),
                    f.hasInfinity() ? f.formatCode(f.infinityCode()) + "/" + f.formatCode(f.infinityCode() | f.signMask()) : "none",
                    nanCodes(f),
                    !f.hasNaN() ? "none (NaN -> 0x00)"
                            : f.formatCode(f.nanCode(NanPolicy.MLDTYPES, false)) + "/" + f.formatCode(f.nanCode(NanPolicy.MLDTYPES, true))
                            + "; " + f.formatCode(f.nanCode(NanPolicy.CANONICAL, false)));
        }
        table.print(spec.commandLine().getOut());
        if (names == null || names.isEmpty()) {
            spec.commandLine().getOut().println("e8m0 (MX block scale): unsigned, 8 exponent bits, bias 127, no mantissa;"
                    + " code c is 2^(c-127) for 0x00..0xFE (2^-127..2^127), 0xFF is NaN, no zero");
        }
    }

    private FloatFormat parse(String name) {
        try {
            return FloatFormat.parse(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String maxFinite(FloatFormat f) {
        double max = f.maxFinite();
        return max < 1e7 && max == Math.rint(max) ? String.valueOf((long) max) : String.valueOf((float) max);
    }

    private static String nanCodes(FloatFormat f) {
        if (!f.hasNaN()) {
            return "none";
        }
        if (f.specials() == Specials.FNUZ) {
            return f.formatCode(f.signMask());
        }
        if (f.specials() == Specials.FN) {
            return f.formatCode(f.magnitudeMask()) + ", " + f.formatCode(f.magnitudeMask() | f.signMask());
        }
        int first = f.infinityCode() + 1;
        int last = f.magnitudeMask();
        return f.formatCode(first) + "-" + f.formatCode(last) + ", "
                + f.formatCode(first | f.signMask()) + "-" + f.formatCode(last | f.signMask());
    }
}
