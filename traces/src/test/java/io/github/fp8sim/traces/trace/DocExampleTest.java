package io.github.fp8sim.traces.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.runtime.exec.Mode;
import org.junit.jupiter.api.Test;

/** The worked example in docs/traces.md parses, replays clean, and its program and commit log are what the page says. */
class DocExampleTest {

    static String block(String doc, String lang) {
        Matcher m = Pattern.compile("```" + lang + "\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "no ```" + lang + " block in docs/traces.md");
        return m.group(1);
    }

    @Test
    void theDocumentedTraceParsesAndReplaysClean() throws IOException {
        String doc = Files.readString(Path.of("../docs/traces.md"));
        Trace t = Trace.parse("docs/traces.md", new StringReader(block(doc, "csv")));
        assertEquals(Mode.FUNCTIONAL, t.mode());
        assertEquals(6, t.rows().size());
        assertEquals(Assembler.assemble(block(doc, "asm"), "tiny.s"), t.program());
        TraceReplayer.Result r = TraceReplayer.replay(t, true);
        assertTrue(r.matches(), () -> r.differences().toString());
        assertEquals(block(doc, "csv"), t.toCsv(), "the example is exactly what the writer produces");
        assertEquals(block(doc, "text"), CommitLog.of(t));
    }
}
