package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import picocli.CommandLine;

/**
 * The README and every page under {@code docs/} and {@code data/} stay true (docs/README.md states the
 * convention for writers):
 * <ul>
 * <li>every {@code $ ./fp8sim ...} line in a fenced code block runs (in-process, from the repository root)
 * and prints exactly the lines pasted under it, up to the next {@code $ } line or the end of the block;
 * {@code | head -N} and {@code | tail -N} keep the first or last N lines, {@code | grep TEXT} the lines that
 * contain TEXT, and {@code $ cat FILE} shows a file an earlier command of the same page wrote;</li>
 * <li>a command line written without {@code $ } ({@code ./fp8sim ...} or {@code java -jar cli/target/fp8sim.jar
 * ...}: runs too slow for the default suite, whose results the page gives in prose or a table) is not run,
 * but must parse as fp8sim's command line, and every repository path it names ({@code data/...},
 * {@code examples/...}, {@code docs/...}) must exist.</li>
 * </ul>
 * Each test is named by its file and command.
 */
class ReadmeTest {

    private static final Pattern BLOCK = Pattern.compile("^```[^\\n]*\\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern PIPE = Pattern.compile("(.*?)\\s*\\|\\s*(head -(\\d+)|tail -(\\d+)|grep (\\S+))");
    private static final String JAR = "java -jar cli/target/fp8sim.jar ";
    private static final Pattern REPO_PATH = Pattern.compile("(?:^|[:=@])((?:data|examples|docs)/[^\\s,]*)");

    /** README.md, then every markdown file under docs/ and data/, in a stable order. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("README.md"));
        for (String dir : List.of("docs", "data")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandInTheDocsPrintsWhatTheDocsShow() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : pages()) {
            tests.addAll(tests(page.toString().replace('\\', '/'), Files.readString(page)));
        }
        assertTrue(tests.stream().anyMatch(t -> t.getDisplayName().startsWith("README.md: ./fp8sim run --model resnet18")),
                "the README's main job is checked");
        return tests.stream();
    }

    /** The tests of one page: a run for each {@code $ } line, a parse for each command line without it. */
    static List<DynamicTest> tests(String name, String text) {
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            List<String> lines = List.of(m.group(1).split("\n", -1));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.startsWith("$ ")) {
                    String command = withoutComment(line);
                    if (command.startsWith("./fp8sim ") || command.startsWith(JAR)) {
                        tests.add(DynamicTest.dynamicTest(name + ": " + command + " (not run: parsed)", () -> parses(name, command)));
                    }
                    continue;
                }
                String command = line.substring(2);
                int j = i + 1;
                while (j < lines.size() && !lines.get(j).startsWith("$ ")) {
                    j++;
                }
                String expected = String.join("\n", lines.subList(i + 1, j)).stripTrailing();
                String title = name + ": " + command;
                tests.add(DynamicTest.dynamicTest(title, () -> assertEquals(expected, run(command).stripTrailing(), title)));
                i = j - 1;
            }
        }
        return tests;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static String run(String command) throws IOException {
        String filter = null;
        int count = -1;
        Matcher p = PIPE.matcher(command);
        if (p.matches()) {
            command = p.group(1);
            filter = p.group(2).split(" ")[0];
            count = p.group(3) != null ? Integer.parseInt(p.group(3)) : p.group(4) != null ? Integer.parseInt(p.group(4)) : -1;
            if (filter.equals("grep")) {
                filter = p.group(5);
            }
        }
        String out;
        if (command.startsWith("cat ")) {
            out = Files.readString(Path.of(command.substring(4).trim()));
        } else if (command.startsWith("./fp8sim ")) {
            CliRun run = CliRun.of(args(command.substring("./fp8sim ".length())));
            assertEquals(ExitCode.OK, run.exitCode(), command + ": " + run.err());
            out = run.out();
        } else {
            throw new AssertionError("the docs test runs ./fp8sim and cat commands only: " + command);
        }
        if (filter == null) {
            return out;
        }
        List<String> lines = Arrays.asList(out.split("\n"));
        String keep = filter;
        List<String> kept = switch (filter) {
            case "head" -> lines.subList(0, Math.min(count, lines.size()));
            case "tail" -> lines.subList(Math.max(0, lines.size() - count), lines.size());
            default -> lines.stream().filter(l -> l.contains(keep)).toList();
        };
        return String.join("\n", kept);
    }

    /** A command line shown but not run: fp8sim's parser accepts it and the repository paths it names exist. */
    private static void parses(String page, String command) {
        String rest = command.startsWith(JAR) ? command.substring(JAR.length()) : command.substring("./fp8sim ".length());
        String[] args = args(rest);
        CommandLine cli = Fp8sim.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(page + ": " + command + ": " + e.getMessage(), e);
        }
        for (String a : args) {
            Matcher m = REPO_PATH.matcher(a);
            while (m.find()) {
                assertTrue(Files.exists(Path.of(m.group(1))), page + ": " + command + ": " + m.group(1) + " does not exist");
            }
        }
    }

    private static String[] args(String rest) {
        return rest.trim().split("\\s+");
    }

    @Test
    void aCommandLineThatDoesNotParseFails() {
        List<DynamicTest> tests = tests("page.md", "```\n./fp8sim train --no-such-option\n```\n");
        assertEquals(1, tests.size());
        assertEquals("page.md: ./fp8sim train --no-such-option (not run: parsed)", tests.get(0).getDisplayName());
        assertFalse(passes(tests.get(0)));
    }

    @Test
    void aMissingRepositoryPathFails() {
        List<DynamicTest> tests = tests("page.md", "```\n./fp8sim train --dataset optdigits:data/no-such-folder\n```\n");
        assertFalse(passes(tests.get(0)));
        assertTrue(passes(tests("page.md", "```\n./fp8sim train --dataset optdigits:data/optdigits # slow\n```\n").get(0)));
    }

    @Test
    void aShownOutputThatDiffersFails() {
        List<DynamicTest> tests = tests("page.md", "```sh\n$ ./fp8sim formats e5m2 | grep e5m2\nnot what it prints\n```\n");
        assertEquals("page.md: ./fp8sim formats e5m2 | grep e5m2", tests.get(0).getDisplayName());
        assertFalse(passes(tests.get(0)));
    }

    private static boolean passes(DynamicTest t) {
        try {
            t.getExecutable().execute();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
