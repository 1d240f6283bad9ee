package io.github.fp8sim.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command's outputs: never an input, never two on one file, all written or none. */
class OutputsTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everyOutputAppearsOnlyAtCommit() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.bin");
        try (Outputs files = new Outputs().output("--a", a).output("--b", b)) {
            files.write(a, w -> w.write("x\n"));
            files.writeBytes(b, new byte[] {1, 2, 3});
            assertFalse(Files.exists(a), "staged, not yet in place");
            files.commit();
        }
        assertEquals("x\n", Files.readString(a));
        assertEquals(3, Files.size(b));
        assertEquals(List.of("a.csv", "b.bin"), names(), "no temporary file is left");
    }

    @Test
    void aFailureBeforeCommitLeavesNoOutputAndNoTemporaryFile() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Files.writeString(b, "before");
        InputException e = assertThrows(InputException.class, () -> {
            try (Outputs files = new Outputs().output("--report", a).output("--output", b)) {
                files.write(a, w -> w.write("report"));
                files.write(b, w -> {
                    w.write("half");
                    throw new IOException("disk full");
                });
                files.commit();
            }
        });
        assertTrue(e.getMessage().startsWith("--output " + b + ": cannot write (disk full)"), e.getMessage());
        assertEquals("before", Files.readString(b));
        assertEquals(List.of("b.csv"), names());
    }

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnyWork() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "data");
        Path sameByAnotherName = dir.resolve("sub").resolve("..").resolve("in.csv");
        Files.createDirectory(dir.resolve("sub"));
        InputException e = assertThrows(InputException.class,
                () -> new Outputs().input("--input", in).output("--output", sameByAnotherName));
        assertEquals("--output " + sameByAnotherName + ": the same file as the input --input " + in
                + "; refusing to overwrite an input", e.getMessage());
        // declared the other way round too, and through a symbolic link
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), in);
        assertThrows(InputException.class, () -> new Outputs().output("-o", link).input("IN", in));
        assertEquals("data", Files.readString(in));
    }

    @Test
    void twoOutputsOnOneFileAreRefused() {
        Path r = dir.resolve("r.json");
        InputException e = assertThrows(InputException.class,
                () -> new Outputs().output("--output", r).output("--report", Path.of(r + "")));
        assertEquals("--report " + r + ": the same file as --output " + r + "; each output needs a file of its own", e.getMessage());
    }

    @Test
    void theSameInputTwiceIsFine() {
        Path in = dir.resolve("m.csv");
        new Outputs().input("--a", in).input("--b", in).output("--output", dir.resolve("out.csv")).close();
    }

    @Test
    void aFolderOrAMissingFolderIsRefusedWhenDeclared() {
        InputException folder = assertThrows(InputException.class, () -> new Outputs().output("--log", dir));
        assertEquals("--log " + dir + ": is a folder; expected a file to write", folder.getMessage());
        Path nowhere = dir.resolve("no").resolve("r.json");
        InputException missing = assertThrows(InputException.class, () -> new Outputs().output("--report", nowhere));
        assertTrue(missing.getMessage().startsWith("--report " + nowhere + ": the folder "), missing.getMessage());
    }

    @Test
    void aFailedMoveNamesTheOutputsAlreadyWritten() throws IOException {
        Path a = dir.resolve("a.csv");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path b = sub.resolve("b.csv");
        InputException e = assertThrows(InputException.class, () -> {
            try (Outputs files = new Outputs().output("--a", a).output("--b", b)) {
                files.write(a, w -> w.write("a"));
                files.write(b, w -> w.write("b"));
                Files.createDirectory(b);                            // something takes b's place meanwhile
                Files.writeString(b.resolve("keep"), "x");
                files.commit();
            }
        });
        assertTrue(e.getMessage().startsWith("--b " + b + ": cannot write ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("; already written: --a " + a), e.getMessage());
        assertEquals("a", Files.readString(a), "moved before the failure");
        assertEquals(List.of("a.csv", "sub"), names());
        try (Stream<Path> left = Files.list(sub)) {
            assertEquals(List.of("b.csv"), left.map(p -> p.getFileName().toString()).toList(), "the temporary file is removed");
        }
    }

    @Test
    void anUndeclaredOutputIsAProgrammingError() {
        try (Outputs files = new Outputs()) {
            assertThrows(IllegalStateException.class, () -> files.write(dir.resolve("x"), w -> w.write("x")));
        }
    }
}
