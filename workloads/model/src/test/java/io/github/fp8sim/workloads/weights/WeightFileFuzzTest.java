package io.github.fp8sim.workloads.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the weight file reader: any file either reads or throws {@link InputException} (the project's
 * one-line input exception). The reader takes a path, so each input goes through one temporary file.
 * The default suite replays {@code WeightFileFuzzTestInputs/}; {@code ./run-tests -Pfuzz} mutates inputs.
 */
class WeightFileFuzzTest {

    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "2m")
    void readAnyFile(byte[] input) throws IOException {
        Files.write(FILE, input);
        try {
            WeightFile.read(FILE);
        } catch (InputException expected) {
            // the project's own bad-input exception
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("fp8sim-fuzz-", ".fp8w");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
