package io.github.fp8sim.cli;

import java.nio.file.Path;

import io.github.fp8sim.isa.Program;

/** Reads a program file for the commands: binary or assembly text, as {@link io.github.fp8sim.runtime.io.ProgramFiles} does. */
final class ProgramFiles {

    private ProgramFiles() {
    }

    static Program read(Path file) {
        return io.github.fp8sim.runtime.io.ProgramFiles.read(file);
    }
}
