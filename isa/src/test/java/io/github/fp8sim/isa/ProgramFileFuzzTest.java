package io.github.fp8sim.isa;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the binary program reader ({@code FP8SIMPG}): any bytes either decode or throw the isa
 * module's one-line input exception ({@link IsaException}). What decodes must encode back to the
 * same bytes (the format has one encoding per program). The default suite replays
 * {@code ProgramFileFuzzTestInputs/}; {@code ./run-tests -Pfuzz} mutates inputs.
 */
class ProgramFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeAnyBytes(byte[] input) {
        Program program;
        try {
            program = Program.decode(input, "fuzz.bin");
        } catch (IsaException expected) {
            return;
        }
        if (!java.util.Arrays.equals(program.encode(), input)) {
            throw new AssertionError("a decoded program did not encode back to its file's bytes");
        }
    }
}
