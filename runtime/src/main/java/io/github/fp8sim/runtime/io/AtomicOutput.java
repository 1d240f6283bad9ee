package io.github.fp8sim.runtime.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes an output file all or nothing: the content goes to a temporary file beside the target,
 * which is moved into place only when complete. A failure leaves the target untouched and no
 * temporary file behind. A command with several outputs stages them all with {@link Outputs}.
 */
public final class AtomicOutput {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** What writes a temporary file. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path tmp) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Writes text to {@code target} atomically (UTF-8). */
    public static void write(Path target, Content content) {
        replace(target, text(content));
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void writeBytes(Path target, byte[] bytes) {
        replace(target, bytes(bytes));
    }

    static FileWriter text(Content content) {
        return tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
        };
    }

    static FileWriter bytes(byte[] bytes) {
        return tmp -> Files.write(tmp, bytes);
    }

    private static void replace(Path target, FileWriter writer) {
        Path tmp = stage(target, target.toString(), writer);
        try {
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            delete(tmp);
            throw new InputException(target + ": cannot write (" + reason(e) + ")");
        }
    }

    /**
     * Writes a temporary file beside {@code target}, with the permissions the target will have, and
     * returns it; a failure removes it and is an {@link InputException} starting with {@code name}.
     */
    static Path stage(Path target, String name, FileWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new InputException(name + ": the folder " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
            writer.write(tmp);
            permissions(tmp, absolute);
            Path done = tmp;
            tmp = null;
            return done;
        } catch (IOException e) {
            throw new InputException(name + ": cannot write (" + reason(e) + ")");
        } catch (UncheckedIOException e) {
            throw new InputException(name + ": cannot write (" + reason(e.getCause()) + ")");
        } finally {
            delete(tmp);
        }
    }

    /** Moves a {@linkplain #stage staged} file onto {@code target}, atomically where the file system can. */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        try {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Why a write failed, for people: the system's reason, not the temporary file's name. */
    static String reason(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage();
        }
        if (f.getReason() != null) {
            return f.getReason();
        }
        return switch (f) {
            case AccessDeniedException x -> "permission denied";
            case NoSuchFileException x -> "no such file or folder";
            case DirectoryNotEmptyException x -> "a folder is in the way";
            default -> f.getClass().getSimpleName();
        };
    }

    /** Removes a temporary file, if any; a failure here is not the error to report. */
    static void delete(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
        }
    }

    /**
     * Temporary files are created owner-only; the result should look like any file the user writes:
     * the replaced file's permissions, or rw-r--r-- for a new one (where the file system has POSIX ones).
     */
    private static void permissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }
}
