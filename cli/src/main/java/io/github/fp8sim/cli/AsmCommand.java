package io.github.fp8sim.cli;

import java.nio.file.Path;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.io.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fp8sim asm}: assembly text to a binary program file. */
@Command(name = "asm", mixinStandardHelpOptions = true,
        description = "Assembles a program (one instruction per line, key=value operands) into a binary program file.")
public final class AsmCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IN.s", description = "Assembly text.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.bin", description = "Binary program file to write.")
    Path output;

    @Override
    public void run() {
        byte[] bytes;
        Program p;
        try (Outputs files = new Outputs().input("IN.s", input).output("--output", output)) {
            p = ProgramFiles.read(input);
            bytes = p.encode();
            files.writeBytes(output, bytes);
            files.commit();
        }
        spec.commandLine().getOut().printf("%s: %d instructions, %d bytes, sha256 %s%n", output, p.size(), bytes.length, p.sha256());
        spec.commandLine().getOut().flush();
    }
}
