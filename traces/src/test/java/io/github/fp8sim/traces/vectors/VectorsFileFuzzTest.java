package io.github.fp8sim.traces.vectors;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.CsvTable;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the vectors file reader as {@code fp8sim vectors check} and {@code verify} use it: any text either
 * reads (and checks against itself with no mismatch) or throws {@link InputException} (the project's
 * one-line input exception). The default suite replays {@code VectorsFileFuzzTestInputs/};
 * {@code ./run-tests -Pfuzz} mutates inputs.
 */
class VectorsFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void readAnyVectors(byte[] input) {
        try {
            CsvTable table = CsvTable.parse("fuzz.csv", new StringReader(new String(input, StandardCharsets.UTF_8)));
            if (!VectorChecker.check(table, table).isEmpty()) {
                throw new AssertionError("a vector file mismatches itself");
            }
            VectorModel.verify(table);
        } catch (InputException expected) {
            // the project's own bad-input exception
        }
    }
}
