package io.github.fp8sim.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files one command reads and writes, so that its outputs are written together or not at all.
 *
 * <p>A command declares its inputs and outputs, each with the option that names it, before it does any
 * work. An output is refused (an {@link InputException} naming the option and the file) when it is the
 * same file as an input or as another output, comparing real paths (symbolic links and {@code ..}
 * resolved; a new file by its folder's real path), or when it is a folder or its folder does not exist.
 * While the command runs, {@link #write} and {@link #writeBytes} stage each output in a temporary file
 * beside its target ({@link AtomicOutput}); {@link #commit} moves them all into place once the command
 * has succeeded, and {@link #close} removes whatever was staged and not committed, so a command that
 * fails (bad input, a full disk, an internal error) leaves no output and no temporary file behind.
 *
 * <p>Each move is atomic where the file system allows (a rename within the target's folder), but the
 * moves of several files are not atomic as a group: every output is complete before the first move, so
 * only a move itself failing (say the folder was removed meanwhile) leaves the outputs before it in place,
 * and then the error names the output that failed and those already written.
 *
 * <pre>{@code
 * try (Outputs files = new Outputs().input("--a", a).output("--output", out).output("--report", report)) {
 *     ... the work ...
 *     files.write(out, w -> ...);
 *     files.write(report, w -> ...);
 *     files.commit();
 * }
 * }</pre>
 */
public final class Outputs implements AutoCloseable {

    /** A declared file: the option naming it, the path as given, and its real path for comparisons. */
    private record Declared(String option, Path path, Path real, boolean output) {
        String named() {
            return option + " " + path;
        }
    }

    private final List<Declared> declared = new ArrayList<>();
    private final Map<Declared, Path> staged = new LinkedHashMap<>();
    private boolean committed;

    /** Declares a file the command reads ({@code null}: none); an output declared earlier must not be it. */
    public Outputs input(String option, Path file) {
        if (file != null) {
            add(new Declared(option, file, real(file), false));
        }
        return this;
    }

    /**
     * Declares a file the command writes ({@code null}: none, e.g. results to standard output).
     *
     * @throws InputException if it is an input or another output, is a folder, or its folder does not exist
     */
    public Outputs output(String option, Path file) {
        if (file == null) {
            return this;
        }
        if (Files.isDirectory(file)) {
            throw new InputException(option + " " + file + ": is a folder; expected a file to write");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new InputException(option + " " + file + ": the folder " + dir + " does not exist");
        }
        add(new Declared(option, file, real(file), true));
        return this;
    }

    private void add(Declared d) {
        for (Declared other : declared) {
            if ((d.output() || other.output()) && same(d, other)) {
                Declared out = d.output() ? d : other;
                Declared in = d.output() ? other : d;
                throw new InputException(in.output()
                        ? out.named() + ": the same file as " + in.named() + "; each output needs a file of its own"
                        : out.named() + ": the same file as the input " + in.named() + "; refusing to overwrite an input");
            }
        }
        declared.add(d);
    }

    private static boolean same(Declared a, Declared b) {
        if (a.real().equals(b.real())) {
            return true;
        }
        try {                                                       // hard links: one file, two names
            return Files.exists(a.path()) && Files.exists(b.path()) && Files.isSameFile(a.path(), b.path());
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's real path; for a file that does not exist yet, its folder's real path and its name. */
    private static Path real(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return file.toRealPath();
        } catch (IOException notThere) {
            Path dir = absolute.getParent();
            try {
                return dir == null ? absolute : dir.toRealPath().resolve(absolute.getFileName());
            } catch (IOException e) {
                return absolute;
            }
        }
    }

    /** Stages the text of a declared output (UTF-8); it reaches {@code target} at {@link #commit}. */
    public void write(Path target, AtomicOutput.Content content) {
        stage(target, AtomicOutput.text(content));
    }

    /** Stages the bytes of a declared output; they reach {@code target} at {@link #commit}. */
    public void writeBytes(Path target, byte[] bytes) {
        stage(target, AtomicOutput.bytes(bytes));
    }

    private void stage(Path target, AtomicOutput.FileWriter writer) {
        if (committed) {
            throw new IllegalStateException("outputs already committed");
        }
        Declared d = declared.stream().filter(x -> x.output() && x.path().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalStateException(target + " was not declared as an output"));
        Path tmp = AtomicOutput.stage(target, d.named(), writer);
        AtomicOutput.delete(staged.put(d, tmp));                     // written twice: the last content counts
    }

    /**
     * Moves every staged output into place, in the order they were declared.
     *
     * @throws InputException if a move fails: naming that output and any already in place
     */
    public void commit() {
        if (committed) {
            throw new IllegalStateException("outputs already committed");
        }
        committed = true;
        List<String> done = new ArrayList<>();
        for (Declared d : declared) {
            Path tmp = staged.get(d);
            if (tmp == null) {
                continue;
            }
            try {
                AtomicOutput.moveIntoPlace(tmp, d.path());
            } catch (IOException e) {
                throw new InputException(d.named() + ": cannot write (" + AtomicOutput.reason(e) + ")"
                        + (done.isEmpty() ? "" : "; already written: " + String.join(", ", done)));
            }
            staged.remove(d);
            done.add(d.named());
        }
    }

    /** Removes every output staged and not committed. */
    @Override
    public void close() {
        staged.values().forEach(AtomicOutput::delete);
        staged.clear();
    }
}
