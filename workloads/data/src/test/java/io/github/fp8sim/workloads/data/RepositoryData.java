package io.github.fp8sim.workloads.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real datasets that ship in the repository's {@code data/} folder (see {@code data/README.md}), found
 * by walking up from the working directory to the folder that holds {@code data/optdigits}: surefire runs in
 * the module folder, two levels below the repository root. They are part of every clone, so a test that
 * cannot find them fails; it is never skipped.
 */
final class RepositoryData {

    private RepositoryData() {}

    /** {@code data/<folder>} of the repository this test runs in. */
    static Path folder(String folder) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data").resolve("optdigits"))) {
                Path found = dir.resolve("data").resolve(folder);
                if (!Files.isDirectory(found)) {
                    throw new AssertionError(found + " is missing: the repository ships it (see data/README.md)");
                }
                return found;
            }
        }
        throw new AssertionError("no folder above " + start + " holds data/optdigits: the repository ships it (see data/README.md)");
    }
}
