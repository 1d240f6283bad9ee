package io.github.fp8sim.runtime.energy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the energy table reader: any text either gives a table or throws {@link EnergyTableException}
 * (the project's one-line input exception). The default suite replays {@code EnergyTableFuzzTestInputs/};
 * {@code ./run-tests -Pfuzz} mutates inputs.
 */
class EnergyTableFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseAnyTable(byte[] input) {
        try {
            EnergyTable.parse("fuzz.csv", new StringReader(new String(input, StandardCharsets.UTF_8)));
        } catch (EnergyTableException expected) {
            // the project's own bad-input exception
        }
    }
}
