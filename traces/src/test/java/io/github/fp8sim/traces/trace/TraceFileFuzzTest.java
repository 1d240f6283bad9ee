package io.github.fp8sim.traces.trace;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.fp8sim.runtime.io.InputException;

/**
 * Fuzzes the trace file reader: any text either gives a trace or throws {@link InputException} (the
 * project's one-line input exception). The default suite replays {@code TraceFileFuzzTestInputs/};
 * {@code ./run-tests -Pfuzz} mutates inputs.
 */
class TraceFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseAnyTrace(byte[] input) {
        try {
            Trace.parse("fuzz.csv", new StringReader(new String(input, StandardCharsets.UTF_8)));
        } catch (InputException expected) {
            // the project's own bad-input exception
        }
    }
}
