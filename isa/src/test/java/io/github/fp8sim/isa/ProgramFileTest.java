package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary program file: a 16-byte header, then 32 bytes per instruction; errors name file and offset. */
class ProgramFileTest {

    @Test
    void headerIsMagicVersionAndCountLittleEndian() {
        byte[] file = Program.of(new Config(ConfigKey.SR_SEED, 42), new Halt()).encode();
        assertEquals(16 + 2 * 32, file.length);
        assertArrayEquals(HexFormat.ofDelimiter(" ").parseHex("46 50 38 53 49 4D 50 47 01 00 00 00 02 00 00 00"),
                Arrays.copyOfRange(file, 0, 16));
        assertEquals("FP8SIMPG", new String(file, 0, 8, StandardCharsets.US_ASCII));
        assertArrayEquals(Encoder.encodeBytes(new Halt()), Arrays.copyOfRange(file, 48, 80));
    }

    @Test
    void randomProgramsRoundTripThroughTheFileFormat() {
        RandomInstructions gen = new RandomInstructions(0xF11EL);
        for (int n : List.of(0, 1, 2, 17, 1000)) {
            Program program = n == 0 ? Program.of() : gen.program(n);
            byte[] file = program.encode();
            assertEquals(16 + 32L * n, file.length);
            Program back = Program.decode(file, "p.bin");
            assertEquals(program, back);
            assertEquals(program.sha256(), back.sha256());
            assertEquals(n, back.size());
        }
    }

    @Test
    void sha256CoversTheInstructionsOnly() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Program.of().sha256(),
                "SHA-256 of no bytes");
        Program a = Program.of(new Config(ConfigKey.SR_SEED, 1), new Halt());
        Program b = Program.of(new Config(ConfigKey.SR_SEED, 2), new Halt());
        assertNotEquals(a.sha256(), b.sha256());
        assertEquals(64, a.sha256().length());
        assertEquals(a.sha256(), new Program(new ArrayList<>(a.instructions())).sha256());
    }

    @Test
    void programsAreImmutable() {
        List<Instruction> list = new ArrayList<>(List.of(new Halt()));
        Program p = new Program(list);
        list.add(new Halt());
        assertEquals(1, p.size());
        assertThrows(UnsupportedOperationException.class, () -> p.instructions().add(new Halt()));
    }

    @Test
    void shortFileIsATruncatedHeader() {
        ProgramFormatException e = assertThrows(ProgramFormatException.class,
                () -> Program.decode(new byte[10], "short.bin"));
        assertEquals("short.bin: byte offset 0xA: truncated header: the file has 10 bytes, a header needs 16",
                e.getMessage());
    }

    @Test
    void badMagicIsRejectedAtOffsetZero() {
        byte[] file = Program.of(new Halt()).encode();
        file[0] = 0x7F;
        ProgramFormatException e = assertThrows(ProgramFormatException.class, () -> Program.decode(file, "x.bin"));
        assertEquals("x.bin: byte offset 0x0: bad magic 7F 50 38 53 49 4D 50 47 (expected \"FP8SIMPG\")",
                e.getMessage());
    }

    @Test
    void unknownVersionIsRejectedAtOffsetEight() {
        byte[] file = Program.of(new Halt()).encode();
        file[8] = 2;
        ProgramFormatException e = assertThrows(ProgramFormatException.class, () -> Program.decode(file, "v.bin"));
        assertEquals("v.bin: byte offset 0x8: unsupported format version 2 (this build reads version 1)",
                e.getMessage());
    }

    @Test
    void fileEndingInsideAnInstructionIsTruncated() {
        byte[] whole = Program.of(new Halt(), new Halt(), new Halt()).encode();
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        ProgramFormatException e = assertThrows(ProgramFormatException.class, () -> Program.decode(cut, "t.bin"));
        assertEquals("t.bin: byte offset 0x50: truncated file: the header says 3 instructions, the file ends after 2 "
                + "(and 27 bytes more)", e.getMessage());
        assertEquals(16 + 64, e.byteOffset());
    }

    @Test
    void bytesBeyondTheCountAreACountMismatch() {
        byte[] file = Program.of(new Halt(), new Halt()).encode();
        file[12] = 1;
        ProgramFormatException e = assertThrows(ProgramFormatException.class, () -> Program.decode(file, "c.bin"));
        assertEquals("c.bin: byte offset 0x30: count mismatch: the header says 1 instructions, but 64 bytes follow it "
                + "(32 expected)", e.getMessage());
    }

    @Test
    void illegalInstructionInAFileNamesTheFileIndexAndFileOffset() {
        byte[] file = Program.of(new Halt(), new Halt(), new Halt()).encode();
        file[16 + 2 * 32 + 1] = 0x40; // reserved bit 14 of instruction 2
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Program.decode(file, "bad.bin"));
        assertEquals("bad.bin: instruction 2 (byte offset 0x50): reserved bit 14 of halt must be zero in word 0 = "
                + "0x0000000000004001", e.getMessage());
    }
}
