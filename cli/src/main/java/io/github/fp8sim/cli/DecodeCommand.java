package io.github.fp8sim.cli;

import java.util.List;

import io.github.fp8sim.datapath.format.FloatFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim decode}: what codes mean, exactly. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = "Prints each code's fields, exact value, hex-float value and class.")
public final class DecodeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "F", description = "The codes' format.")
    FloatFormat format;

    @Parameters(paramLabel = "CODE", arity = "1..*", description = "Codes: 0x hex, 0b binary or decimal.")
    List<String> codes;

    @Override
    public void run() {
        TextTable table = new TextTable("code", "fields", "value", "hex float", "class");
        for (String text : codes) {
            int code = parseCode(text);
            float value = format.decode(code);
            table.row(format.formatCode(code), Values.fields(format, code), Values.exact(value),
                    Float.isNaN(value) || Float.isInfinite(value) ? "-" : Double.toHexString(value),
                    format.classify(code).label());
        }
        table.print(spec.commandLine().getOut());
    }

    private int parseCode(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long value;
        try {
            value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16)
                    : t.startsWith("0b") ? Long.parseLong(t.substring(2), 2)
                    : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "code '" + text + "' is not a number (0x hex, 0b binary or decimal)");
        }
        if (value < 0 || value >= (1L << format.totalBits())) {
            throw new ParameterException(spec.commandLine(),
                    "code '" + text + "' does not fit " + format.name() + "'s " + format.totalBits() + " bits");
        }
        return (int) value;
    }
}
