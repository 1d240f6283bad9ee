package io.github.fp8sim.isa;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the assembler: any text either assembles or throws the isa module's one-line input exception
 * ({@link IsaException}); any other exception fails the test. In the default suite this replays
 * {@code AssemblerFuzzTestInputs/}; {@code ./run-tests -Pfuzz} mutates inputs for the time budget.
 */
class AssemblerFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void assembleAnyText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Program program = Assembler.assemble(text, "fuzz.s");
            // What assembles must survive its own encoding: the binary reader takes back what was written.
            if (!Program.decode(program.encode(), "fuzz.bin").equals(program)) {
                throw new AssertionError("the binary reader did not give back the assembled program");
            }
        } catch (IsaException expected) {
            // the project's own bad-input exception: a correct answer to bad input
        }
    }
}
