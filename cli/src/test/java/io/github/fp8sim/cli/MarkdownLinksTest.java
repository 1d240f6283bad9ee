package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every markdown file of the repository (outside build output): each relative link points to a file or
 * folder that exists, and no text names the {@code shared} folder that sat beside the repository (the pattern
 * {@link #OUTSIDE}), which a fresh clone does not have (the data and the architecture page ship in the repository).
 */
class MarkdownLinksTest {

    /** A path into the folder beside the repository where the data and ARCHITECTURE.md used to live. */
    static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared\\b");

    /** {@code [text](target)} or {@code ![alt](target)}; the target ends at a space (a title) or ')'. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("."))) {
            return s.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .map(p -> Path.of(".").relativize(p).normalize())
                    .sorted()
                    .toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkPointsToAFileThatExists() throws IOException {
        List<Path> files = markdownFiles();
        assertTrue(files.contains(Path.of("README.md")) && files.contains(Path.of("docs/ARCHITECTURE.md")), files.toString());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            tests.add(DynamicTest.dynamicTest(f + ": relative links resolve", () -> assertEquals(List.of(), brokenLinks(f, text), f + ": links to missing files")));
            tests.add(DynamicTest.dynamicTest(f + ": names no folder outside the repository", () -> assertFalse(OUTSIDE.matcher(text).find(),
                    f + " names the shared folder beside the repository, which a clone does not have")));
        }
        return tests.stream();
    }

    /** The relative link targets of {@code text} (the file {@code page}) that name no existing file. */
    static List<String> brokenLinks(Path page, String text) {
        List<String> broken = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*") || target.startsWith("#")) {
                continue; // https:, mailto:, or an anchor in the same page
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Path base = page.getParent() == null ? Path.of(".") : page.getParent();
            if (!Files.exists(base.resolve(file).normalize())) {
                broken.add(target);
            }
        }
        return broken;
    }

    @Test
    void aLinkToAMissingFileIsReported() {
        String text = "See [the guide](commands/run.md), [nothing](commands/nope.md#x), [web](https://example.org/a.md) "
                + "and [here](#top).";
        assertEquals(List.of("commands/nope.md#x"), brokenLinks(Path.of("docs/README.md"), text));
        assertEquals(List.of(), brokenLinks(Path.of("README.md"), "[arch](docs/ARCHITECTURE.md \"title\")"));
    }

    @Test
    void aPathBesideTheRepositoryIsFound() {
        assertTrue(OUTSIDE.matcher("--dataset optdigits:." + "./shared/data/optdigits").find());
        assertFalse(OUTSIDE.matcher("--dataset optdigits:data/optdigits, shared vocabulary").find());
    }
}
