package io.github.fp8sim.cli;

import java.nio.file.Path;

import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.runtime.io.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim disasm}: a program file to canonical assembly text. */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = "Prints a program (binary or text) as canonical assembly: every field, in a fixed order.")
public final class DisasmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IN.bin", description = "Binary program file (or assembly text, to canonicalise it).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.s", description = "Write here instead of standard output.")
    Path output;

    @Override
    public void run() {
        try (Outputs files = new Outputs().input("IN.bin", input).output("--output", output)) {
            String text = Disassembler.disassemble(ProgramFiles.read(input));
            if (output == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                files.write(output, w -> w.write(text));
                files.commit();
            }
        }
    }
}
