package io.github.fp8sim.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading input files with the one-line errors of {@link InputException}. */
public final class InputFiles {

    private InputFiles() {
    }

    /** All bytes of {@code file}; a missing or unreadable file is an {@link InputException} naming it. */
    public static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
