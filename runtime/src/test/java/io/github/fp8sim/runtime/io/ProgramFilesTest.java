package io.github.fp8sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;

import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Program files: binary by its magic, else UTF-8 assembly text; anything else is named, not echoed. */
class ProgramFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return InputFilesTest.file(dir, name, bytes);
    }

    @Test
    void bytesThatAreNeitherBinaryNorTextAreNamedNotEchoed() throws IOException {
        byte[] junk = new byte[400];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i < 5 ? 'k' : i * 7);
        }
        junk[5] = 0;
        Path f = file("junk.bin", junk);
        InputException e = assertThrows(InputException.class, () -> ProgramFiles.read(f));
        assertEquals(f + ": neither an FP8SIMPG program (it does not start with \"FP8SIMPG\") nor assembly text "
                + "(byte 0x00 at byte offset 0x5 is a control character)", e.getMessage());
    }

    @Test
    void assemblyWithAByteOrderMarkAssembles() throws IOException {
        Path f = file("bom.s", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'a', 'l', 't', '\r', '\n'});
        Program p = ProgramFiles.read(f);
        assertEquals(Program.of(new Halt()), p);
        assertEquals(f + ":1", p.source().where(0));
    }

    @Test
    void assemblyThatIsNotUtf8NamesItsLine() throws IOException {
        Path f = file("latin1.s", "halt # fin de programme \u00E9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(f + ": line 1: not UTF-8 text (byte 0xE9 at column 25); expected a UTF-8 text file (save it as UTF-8)",
                assertThrows(InputException.class, () -> ProgramFiles.read(f)).getMessage());
    }

    @Test
    void aBinaryProgramIsDecodedWithItsOffsets() throws IOException {
        Path f = file("p.bin", Program.of(new Halt()).encode());
        Program p = ProgramFiles.read(f);
        assertEquals(Program.of(new Halt()), p);
        assertEquals(f + ": byte offset 0x10", p.source().where(0));
    }
}
