package io.github.fp8sim.workloads.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;

/** Reading data files that may be gzip-compressed, with missing and unreadable files turned into {@link InputException}s. */
final class DataFiles {

    private DataFiles() {}

    /**
     * The bytes of {@code dir/name}, or, when that does not exist, the decompressed bytes of {@code dir/name.gz}.
     */
    static byte[] readPlainOrGzip(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.exists(plain)) {
            return InputFiles.readAllBytes(plain);
        }
        Path gz = dir.resolve(name + ".gz");
        if (!Files.exists(gz)) {
            throw new InputException(plain + ": no such file (nor " + gz.getFileName() + ")");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InputException(gz + ": not a readable gzip file (" + e.getMessage() + ")");
        }
    }

    /** The name to use in messages for the file {@link #readPlainOrGzip} read. */
    static Path plainOrGzipPath(Path dir, String name) {
        Path plain = dir.resolve(name);
        return Files.exists(plain) ? plain : dir.resolve(name + ".gz");
    }
}
