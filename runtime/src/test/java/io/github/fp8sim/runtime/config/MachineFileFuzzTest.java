package io.github.fp8sim.runtime.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the machine file reader: the first byte picks the syntax (even: JSON, odd: YAML), the rest is
 * the document. Any document either gives a machine or throws {@link MachineConfigException} (the
 * project's one-line input exception); a machine that parses must survive its own JSON dump. The
 * default suite replays {@code MachineFileFuzzTestInputs/}; {@code ./run-tests -Pfuzz} mutates inputs.
 */
class MachineFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseAnyDocument(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean yaml = (input[0] & 1) != 0;
        String text = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
        MachineConfig machine;
        try {
            machine = MachineFiles.parse(text, yaml);
        } catch (MachineConfigException expected) {
            return;
        }
        MachineConfig again = MachineFiles.parse(MachineFiles.toJson(machine), false);
        if (!again.equals(machine)) {
            throw new AssertionError("a machine did not read back from its own JSON dump");
        }
    }
}
