package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** CI runs exactly the test command the README gives under "Two commands", and nothing else. */
class CiCommandTest {

    private static final Pattern TWO_COMMANDS = Pattern.compile("## Two commands\\n.*?```\\n(.*?)```", Pattern.DOTALL);

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        Matcher m = TWO_COMMANDS.matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "the README has a 'Two commands' section with a code block");
        List<String> commands = m.group(1).lines().map(l -> l.replaceFirst("\\s+#.*", "").strip()).toList();
        assertEquals(2, commands.size(), "two commands: " + commands);
        assertTrue(commands.get(1).startsWith("./run-tests"), "the second runs the tests: " + commands.get(1));

        List<String> ci = Files.readAllLines(Path.of(".ci/run")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("exec " + commands.get(1), ci.get(ci.size() - 1), ".ci/run's last line runs the README's test command");
        assertEquals(List.of("set -euo pipefail", "cd \"$(dirname \"$0\")/..\""), ci.subList(0, ci.size() - 1),
                ".ci/run does nothing else");
    }
}
