package io.github.fp8sim.workloads.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * The real datasets of {@code shared/data} (beside the project's root; see its README), found by walking up
 * from the working directory: surefire runs in the module folder, two levels below {@code shared}.
 */
final class SharedData {

    private SharedData() {}

    /** {@code shared/data/<folder>} from the nearest ancestor of the working directory that has it. */
    static Optional<Path> find(String folder) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve(folder);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The folder, or the test is skipped (not failed) with a message saying what was looked for. */
    static Path require(String folder) {
        Optional<Path> found = find(folder);
        Assumptions.assumeTrue(found.isPresent(),
                "shared/data/" + folder + " not found above " + Path.of("").toAbsolutePath() + "; skipping the real-data test");
        return found.get();
    }
}
