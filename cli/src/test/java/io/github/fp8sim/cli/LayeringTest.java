package io.github.fp8sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The data path reads bottom-up in the code: every package of fp8sim imports only packages in a lower
 * layer, or its own package family. The layers, lowest first, follow the path a model takes: formats and
 * units, the machine, tensors, the graph, the FP32 reference and autodiff, data, the compiler (graph to
 * program), training, runs and experiments, and the CLI on top. Maven already refuses an import of a
 * module a module does not depend on; this test also catches an upward import inside one module (say
 * {@code graph} importing {@code autodiff}) and a package nobody placed in a layer.
 */
class LayeringTest {

    private static final String ROOT = "io.github.fp8sim.";

    /** Lowest first; the package families in one row are siblings and may not import each other. */
    static final List<List<String>> LAYERS = List.of(
            List.of("testkit", "isa", "datapath"),
            List.of("runtime"),
            List.of("workloads.tensor"),
            List.of("workloads.graph"),
            List.of("workloads.weights", "workloads.metrics"),
            List.of("workloads.reference"),
            List.of("workloads.autodiff"),
            List.of("workloads.models"),
            List.of("workloads.data", "workloads.topology"),
            List.of("workloads.compiler"),
            List.of("workloads.train"),
            List.of("workloads.run", "workloads.experiment"),
            List.of("workloads.sweep"),
            List.of("traces"),
            List.of("cli", "bench"));

    private static final Pattern PACKAGE = Pattern.compile("^package (io\\.github\\.fp8sim\\.[\\w.]+);", Pattern.MULTILINE);
    /** An import, or a fully qualified reference in code, of one of our types (comments are removed first). */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.github\\.fp8sim\\.[a-z][\\w.]*?)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyMainSourceImportsOnlyDownward() throws IOException {
        List<Path> sources = mainSources(Path.of("."));
        assertTrue(sources.size() > 300, "found the main sources of every module: " + sources.size());
        List<String> violations = new ArrayList<>();
        for (Path p : sources) {
            violations.addAll(violations(p.toString(), Files.readString(p)));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void anUpwardImportIsCaught() {
        String graphUsingAutodiff = """
                package io.github.fp8sim.workloads.graph;

                import io.github.fp8sim.workloads.tensor.TensorShape;
                import io.github.fp8sim.workloads.autodiff.Phase;

                final class Upward { }
                """;
        assertEquals(List.of("Upward.java: io.github.fp8sim.workloads.graph (layer 3) imports "
                + "io.github.fp8sim.workloads.autodiff (layer 6)"), violations("Upward.java", graphUsingAutodiff));
    }

    @Test
    void siblingsMayNotImportEachOther() {
        String isaUsingDatapath = """
                package io.github.fp8sim.isa.insn;

                final class Sideways {
                    io.github.fp8sim.datapath.format.FloatFormat f;
                }
                """;
        assertEquals(List.of("Sideways.java: io.github.fp8sim.isa.insn (layer 0) imports "
                + "io.github.fp8sim.datapath.format (layer 0)"), violations("Sideways.java", isaUsingDatapath));
    }

    @Test
    void aPackageInNoLayerIsNamed() {
        assertEquals(List.of("New.java: package io.github.fp8sim.workloads.nowhere is in no layer of LayeringTest"),
                violations("New.java", "package io.github.fp8sim.workloads.nowhere;\nfinal class New { }\n"));
    }

    @Test
    void mentionsInCommentsAreNotImports() {
        String graphMentioningAutodiff = """
                package io.github.fp8sim.workloads.graph;

                /** Differentiated by {@link io.github.fp8sim.workloads.autodiff.Backward}. */
                final class Documented { } // see io.github.fp8sim.workloads.autodiff.Forward
                """;
        assertEquals(List.of(), violations("Documented.java", graphMentioningAutodiff));
    }

    /** The layering violations of one source file, one line each. */
    static List<String> violations(String name, String source) {
        Matcher pm = PACKAGE.matcher(source);
        if (!pm.find()) {
            return List.of();
        }
        String pkg = pm.group(1);
        Optional<Place> from = place(pkg);
        if (from.isEmpty()) {
            return List.of(name + ": package " + pkg + " is in no layer of LayeringTest");
        }
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(COMMENT.matcher(source).replaceAll(""));
        while (m.find()) {
            String target = m.group(1);
            Optional<Place> to = place(target);
            if (to.isEmpty()) {
                out.add(name + ": imports " + target + ", which is in no layer of LayeringTest");
            } else if (to.get().layer() > from.get().layer()
                    || to.get().layer() == from.get().layer() && !to.get().family().equals(from.get().family())) {
                String line = name + ": " + pkg + " (layer " + from.get().layer() + ") imports " + target
                        + " (layer " + to.get().layer() + ")";
                if (!out.contains(line)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    private record Place(int layer, String family) {
    }

    private static Optional<Place> place(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String family : LAYERS.get(i)) {
                String f = ROOT + family;
                if (pkg.equals(f) || pkg.startsWith(f + ".")) {
                    return Optional.of(new Place(i, family));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> mainSources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
