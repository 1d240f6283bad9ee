package io.github.fp8sim.cli;

import java.nio.file.Path;

import io.github.fp8sim.isa.Disassembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.io.AtomicOutput;
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
        Program p = ProgramFiles.read(input);
        String text = Disassembler.disassemble(p);
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicOutput.write(output, w -> w.write(text));
        }
    }
}
