package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fp8sim.testkit.RandomCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** asm, disasm and exec on the example program the README shows. */
class ProgramCommandsTest {

    /** The README's example (CLI tests run from the repository root). */
    static final Path EXAMPLE = Path.of("examples/gemm-tile.s");

    @TempDir
    Path dir;

    @Test
    void assemblingThenDisassemblingGivesCanonicalTextThatAssemblesToTheSameBytes() throws IOException {
        Path bin = dir.resolve("p.bin");
        CliRun asm = CliRun.of("asm", EXAMPLE.toString(), "-o", bin.toString());
        assertEquals(ExitCode.OK, asm.exitCode(), asm.err());
        assertTrue(asm.out().contains("10 instructions, 336 bytes"), asm.out());   // 16-byte header + 10 x 32
        CliRun dis = CliRun.of("disasm", bin.toString());
        assertEquals(ExitCode.OK, dis.exitCode(), dis.err());
        Path canonical = dir.resolve("p.s");
        Files.writeString(canonical, dis.out());
        Path bin2 = dir.resolve("p2.bin");
        assertEquals(ExitCode.OK, CliRun.of("asm", canonical.toString(), "-o", bin2.toString()).exitCode());
        assertArrayEquals(Files.readAllBytes(bin), Files.readAllBytes(bin2));
        assertEquals(dis.out(), CliRun.of("disasm", canonical.toString()).out(), "canonical text is a fixed point");
    }

    @Test
    void execRunsTheExampleAndTheTwoTilesAgreeWhenTheirInputsDo() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        byte[] a = RandomCodes.signed(r, 32 * 64, 0x30, 0x58);
        byte[] b = RandomCodes.range(r, 64 * 32, 0x30, 0x58);
        byte[] twice = new byte[2 * a.length];
        System.arraycopy(a, 0, twice, 0, a.length);
        System.arraycopy(a, 0, twice, a.length, a.length);     // A1 = A0
        Path ain = dir.resolve("a.bin");
        Path bin = dir.resolve("b.bin");
        Files.write(ain, twice);
        Files.write(bin, b);
        Path c0 = dir.resolve("c0.bin");
        Path c1 = dir.resolve("c1.bin");
        Path report = dir.resolve("r.json");
        CliRun run = CliRun.of("exec", EXAMPLE.toString(), "--dram-in", ain + "@0x0", "--dram-in", bin + "@0x1000",
                "--dram-out", "0x2000:1024=" + c0, "--dram-out", "0x2400:1024=" + c1, "--report", report.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("10 instructions, 131,072 MACs"), run.out());
        // Same inputs, but SR lanes advance: the quantized outputs differ somewhere, the FP32 sums would not.
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(c0), Files.readAllBytes(c1)),
                "the second quantize draws fresh random bits");
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertEquals(2, rep.at("/layers").size());
        // By hand, on the default machine (DMA 32 B/cycle + 100 cycles; 32x32 ws array): A0 [0, 164), B [164, 328),
        // GEMM0 [328, 328 + 32 + 2 * 32 + 62 = 486), A1 loads under it from 328 to 492, so GEMM1 waits for A1: [492, 650).
        assertEquals(328, rep.at("/layers/0/start_cycle").asLong());
        assertEquals(486, rep.at("/layers/0/end_cycle").asLong());
        assertEquals(492, rep.at("/layers/1/start_cycle").asLong(), "the second GEMM waits for its operands, not the array");
        assertEquals(650, rep.at("/layers/1/end_cycle").asLong());
        assertEquals(32L * 32 * 64 * 2, rep.at("/totals/macs").asLong());
    }

    @Test
    void timingModeGivesTheSameCyclesAndRefusesDramOutput() throws IOException {
        Path rf = dir.resolve("f.json");
        Path rt = dir.resolve("t.json");
        assertEquals(ExitCode.OK, CliRun.of("exec", EXAMPLE.toString(), "--report", rf.toString()).exitCode());
        assertEquals(ExitCode.OK, CliRun.of("exec", EXAMPLE.toString(), "--mode", "timing", "--report", rt.toString()).exitCode());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(rf.toFile()).at("/totals"), json.readTree(rt.toFile()).at("/totals"));
        CliRun bad = CliRun.of("exec", EXAMPLE.toString(), "--mode", "timing", "--dram-out", "0:4=" + dir.resolve("x"));
        assertEquals(ExitCode.BAD_INPUT, bad.exitCode());
        assertTrue(bad.errLine().contains("--dram-out needs --mode functional"), bad.err());
    }

    @Test
    void badProgramsAndAccessesAreOneLineErrors() throws IOException {
        Path p = dir.resolve("bad.s");
        Files.writeString(p, "halt\ngemm c=acc:0x0 a=spad:0x0 b=spad:0x0 m=4 n=4 k=4 df=zz fa=e5m2 fb=e5m2\n");
        CliRun run = CliRun.of("exec", p.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("bad.s:2:"), run.err());
        Files.writeString(p, "dma.load dst=spad:0x7fff0 dram=0x0 rows=1 bytes=64\nhalt\n");
        run = CliRun.of("exec", p.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("instruction 0 (dma.load"), run.err());
        Path bin = dir.resolve("bad.bin");
        Files.write(bin, "FP8SIMPG\1\0\0\0\5\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        run = CliRun.of("disasm", bin.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.errLine().contains("bad.bin"), run.err());
    }
}
