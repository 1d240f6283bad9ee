package io.github.fp8sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text input: UTF-8 or a one-line error naming the file, line and byte; a byte-order mark is dropped. */
class InputFilesTest {

    @TempDir
    Path dir;

    /** Writes {@code bytes} to {@code dir/name}. */
    static Path file(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return file(dir, name, bytes);
    }

    @Test
    void latin1TextNamesTheLineAndTheByte() throws IOException {
        Path f = file("in.csv", new byte[] {'a', ',', 'b', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        InputException e = assertThrows(InputException.class, () -> InputFiles.readText(f));
        assertEquals(f + ": line 2: not UTF-8 text (byte 0xE9 at column 4); expected a UTF-8 text file (save it as UTF-8)",
                e.getMessage());
    }

    @Test
    void aSequenceCutShortAtTheEndIsNotUtf8() throws IOException {
        Path f = file("cut.txt", new byte[] {'o', 'k', '\n', '\n', (byte) 0xE2, (byte) 0x82});
        InputException e = assertThrows(InputException.class, () -> InputFiles.readText(f));
        assertEquals(f + ": line 3: not UTF-8 text (byte 0xE2 at column 1); expected a UTF-8 text file (save it as UTF-8)",
                e.getMessage());
    }

    @Test
    void utf8TextComesBackWithoutItsByteOrderMark() throws IOException {
        Path f = file("bom.s", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'a', 'l', 't', ' ', (byte) 0xE2, (byte) 0x82, (byte) 0xAC});
        assertEquals("halt \u20AC", InputFiles.readText(f));
        assertEquals("", InputFiles.text("empty", new byte[0]));
        assertEquals(-1, InputFiles.firstNonUtf8("caf\u00E9".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(3, InputFiles.firstNonUtf8(new byte[] {'c', 'a', 'f', (byte) 0xE9}));
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("none.csv");
        assertEquals(f + ": no such file", assertThrows(InputException.class, () -> InputFiles.readText(f)).getMessage());
    }

    @Test
    void csvTablesSayTheirFileIsNotUtf8AndDropAByteOrderMark() throws IOException {
        Path bad = file("t.csv", new byte[] {'n', 'a', 'm', 'e', '\n', (byte) 0xFF, '\n'});
        assertEquals(bad + ": line 2: not UTF-8 text (byte 0xFF at column 1); expected a UTF-8 text file (save it as UTF-8)",
                assertThrows(InputException.class, () -> CsvTable.read(bad)).getMessage());
        Path bom = file("bom.csv", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'n', 'a', 'm', 'e', '\n', 'x', '\n'});
        assertEquals(java.util.List.of("name"), CsvTable.read(bom).header());
    }
}
