package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code formats} and {@code decode} print the published OFP8 figures. */
class InfoCommandsTest {

    private static List<String> row(String out, String first) {
        return Arrays.stream(out.split("\n"))
                .filter(l -> l.startsWith(first + " "))
                .map(l -> List.of(l.trim().split("\\s{2,}")))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + first + " in\n" + out));
    }

    @Test
    void formatsListsTheOfp8Limits() {
        CliRun run = CliRun.of("formats");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        // OCP OFP8 rev 1.0 table 1 and ARCHITECTURE.md section 2.
        assertEquals(List.of("e5m2", "5", "2", "15", "ieee", "57344 (0x7B)", "2^-14", "2^-16", "0x7C/0xFC",
                "0x7D-0x7F, 0xFD-0xFF", "0x7E/0xFE; 0x7F"), row(run.out(), "e5m2"));
        assertEquals(List.of("e4m3", "4", "3", "7", "fn", "448 (0x7E)", "2^-6", "2^-9", "none", "0x7F, 0xFF",
                "0x7F/0xFF; 0x7F"), row(run.out(), "e4m3"));
        assertEquals("240 (0x7F)", row(run.out(), "e4m3fnuz").get(5));
        assertEquals("2^-17", row(run.out(), "e5m2fnuz").get(7));
        assertEquals("65504 (0x7BFF)", row(run.out(), "fp16").get(5));
        assertEquals("3.4028235E38 (0x7F7FFFFF)", row(run.out(), "fp32").get(5));
    }

    @Test
    void decodeGivesExactValuesFieldsAndClasses() {
        CliRun run = CliRun.of("decode", "--format", "e5m2", "0x7B", "0x01", "0x80", "0x7D", "0b01111100");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(List.of("0x7B", "0.11110.11", "57344", "0x1.cp15", "+normal"), row(run.out(), "0x7B"));
        // 2^-16 exactly
        assertEquals(List.of("0x01", "0.00000.01", "0.0000152587890625", "0x1.0p-16", "+subnormal"), row(run.out(), "0x01"));
        assertEquals("-zero", row(run.out(), "0x80").get(4));
        assertEquals("snan", row(run.out(), "0x7D").get(4), "e5m2 NaN with the top mantissa bit clear is signaling");
        assertEquals("+inf", row(run.out(), "0x7C").get(4));
    }

    @Test
    void decodeShowsFp32FieldsAndValues() {
        CliRun run = CliRun.of("decode", "--format", "fp32", "0x40E00000", "0x00000001");
        assertEquals(List.of("0x40E00000", "0.10000001.11000000000000000000000", "7", "0x1.cp2", "+normal"), row(run.out(), "0x40E00000"));
        assertEquals("0x1.0p-149", row(run.out(), "0x00000001").get(3), "2^-149, the smallest FP32 subnormal");
    }

    @Test
    void versionAndHelpExitZero() {
        CliRun version = CliRun.of("--version");
        assertEquals(ExitCode.OK, version.exitCode());
        assertTrue(version.out().startsWith("fp8sim "), version.out());
        for (String cmd : List.of("formats", "decode", "quantize", "demo")) {
            CliRun help = CliRun.of(cmd, "--help");
            assertEquals(ExitCode.OK, help.exitCode(), cmd);
            assertTrue(help.out().contains("Usage: fp8sim " + cmd), help.out());
        }
    }
}
