package io.github.fp8sim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.io.InputException;

/** Reads a program file: binary when it starts with the program-file magic, assembly text otherwise. */
final class ProgramFiles {

    private ProgramFiles() {
    }

    static Program read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        byte[] magic = Program.MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length >= magic.length && Arrays.equals(Arrays.copyOf(bytes, magic.length), magic)) {
            return Program.decode(bytes, file.toString());
        }
        return Assembler.assemble(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }
}
