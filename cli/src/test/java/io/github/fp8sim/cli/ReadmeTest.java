package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README stays true: every {@code $ ./fp8sim ...} line in its code blocks runs (in-process, from
 * the repository root) and prints exactly the lines pasted under it; {@code | head -N} keeps the
 * first N lines and {@code $ cat FILE} shows a file an earlier command wrote.
 */
class ReadmeTest {

    private static final Pattern BLOCK = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEAD = Pattern.compile("(.*?)\\s*\\|\\s*head -(\\d+)");

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandPrintsWhatTheReadmeShows() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            List<String> lines = List.of(m.group(1).split("\n", -1));
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("$ ")) {
                    continue;
                }
                String command = lines.get(i).substring(2);
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).startsWith("$ ")) {
                    j++;
                }
                String expected = String.join("\n", lines.subList(i + 1, j)).stripTrailing();
                tests.add(DynamicTest.dynamicTest(command, () -> assertEquals(expected, run(command).stripTrailing())));
                i = j - 1;
            }
        }
        assertFalse(tests.isEmpty(), "the README shows commands");
        return tests.stream();
    }

    private static String run(String command) throws IOException {
        if (command.startsWith("cat ")) {
            return Files.readString(Path.of(command.substring(4).trim()));
        }
        int head = -1;
        Matcher h = HEAD.matcher(command);
        if (h.matches()) {
            command = h.group(1);
            head = Integer.parseInt(h.group(2));
        }
        if (!command.startsWith("./fp8sim ")) {
            throw new AssertionError("the README test runs ./fp8sim and cat commands only: " + command);
        }
        CliRun run = CliRun.of(command.substring("./fp8sim ".length()).trim().split("\\s+"));
        assertEquals(ExitCode.OK, run.exitCode(), command + ": " + run.err());
        String out = run.out();
        if (head >= 0) {
            out = String.join("\n", Arrays.stream(out.split("\n")).limit(head).toList());
        }
        return out;
    }
}
