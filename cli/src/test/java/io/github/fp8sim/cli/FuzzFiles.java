package io.github.fp8sim.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The one temporary file a fuzz target of a file-reading command writes each input to. */
final class FuzzFiles {

    private FuzzFiles() {
    }

    /** A new temporary file, deleted when the JVM exits. */
    static Path temporary(String suffix) {
        try {
            Path file = Files.createTempFile("fp8sim-fuzz-", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code input} without its first byte (which the target uses to pick options) to {@code file}. */
    static Path writeTail(Path file, byte[] input) {
        try {
            return Files.write(file, Arrays.copyOfRange(input, Math.min(1, input.length), input.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
