package io.github.fp8sim.traces.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.testkit.RandomCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {

    static final MachineConfig MACHINE = MachineFiles.load("default");

    static Program gemmTile() throws IOException {
        return Assembler.assemble(Files.readString(Path.of("../examples/gemm-tile.s")), "gemm-tile.s");
    }

    /** A0, A1 and B of gemm-tile.s as seeded random e5m2 codes. */
    static List<Trace.DramImage> inputs() {
        byte[] b = RandomCodes.masked(new Random(7), 0x1800, 0xBF);   // exponent below all-ones: no Inf or NaN operands
        return List.of(new Trace.DramImage(0, b));
    }

    static Trace recordGemmTile(Mode mode) throws IOException {
        return Tracing.record(MACHINE, mode, gemmTile(), inputs());
    }

    /** The trace with one field of one row replaced. */
    static Trace edit(Trace t, int row, String field, String value) {
        List<TraceRow> rows = new ArrayList<>(t.rows());
        List<String> v = new ArrayList<>(rows.get(row).values());
        v.set(TraceRow.COLUMNS.indexOf(field), value);
        rows.set(row, TraceRow.of(0, v));
        return new Trace(t.machine(), t.mode(), t.seed(), t.program(), t.dramIn(), rows);
    }

    static Trace parse(String text) {
        return Trace.parse("t.csv", new StringReader(text));
    }

    /** The first row's line: 6 header rows, the DRAM images, the table header. */
    static long lineOf(Trace t, int row) {
        return 6 + t.dramIn().size() + 1 + row + 1;
    }

    @Test
    void recordsOneRowPerInstructionWithCrcs() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        assertEquals(10, t.rows().size());
        TraceRow gemm = t.rows().get(2);
        assertEquals("2", gemm.seq());
        assertEquals("0x00000040", gemm.pc());
        assertEquals("mac", gemm.unit());
        assertTrue(gemm.asm().startsWith("gemm "), gemm.asm());
        assertTrue(gemm.writes().matches("acc:0x0\\+4096=0x[0-9A-F]{8}"), gemm.writes());
        assertEquals(66, gemm.encoding().length());
        // Default machine (32x32 ws; DRAM 32 B/cycle after 100; 32 SR lanes): A0 and B, 2048 B each, load in
        // 100 + 64 = 164 cycles apiece; the first GEMM waits for B (328) and takes R + folds x max(M, R) +
        // (R + C - 2) = 32 + 2 x 32 + 62 = 158 cycles.
        assertEquals("328", gemm.startCycle());
        assertEquals("486", gemm.endCycle());
        assertEquals("", t.rows().get(9).writes());   // halt writes nothing
        // A1 loads under GEMM 0 (328..492); GEMM 1 waits for it (492..650); its quantize, 1024 / 32 + 2 = 34
        // cycles (650..684); its store, 100 + 1024 / 32 = 132 cycles after the first store (684..816).
        assertEquals(816, t.cycles());
    }

    @Test
    void crcIsOverTheBytesWritten() throws IOException {
        Trace a = recordGemmTile(Mode.FUNCTIONAL);
        byte[] other = inputs().get(0).bytes().clone();
        other[0] ^= 0x01;   // one bit of A0: C0 changes, C1 does not
        Trace b = Tracing.record(MACHINE, Mode.FUNCTIONAL, gemmTile(), List.of(new Trace.DramImage(0, other)));
        assertNotEquals(a.rows().get(2).writes(), b.rows().get(2).writes());
        assertEquals(a.rows().get(4).writes(), b.rows().get(4).writes());
    }

    @Test
    void recordThenReplayIsClean(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv");
        recordGemmTile(Mode.FUNCTIONAL).write(f);
        TraceReplayer.Result r = TraceReplayer.replay(Trace.read(f), true);
        assertTrue(r.matches(), () -> r.differences().toString());
        assertEquals(10, r.replayedRows());
    }

    @Test
    void recordTwiceIsByteIdentical(@TempDir Path dir) throws IOException {
        recordGemmTile(Mode.FUNCTIONAL).write(dir.resolve("a.csv"));
        recordGemmTile(Mode.FUNCTIONAL).write(dir.resolve("b.csv"));
        assertEquals(-1, Files.mismatch(dir.resolve("a.csv"), dir.resolve("b.csv")));
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        Trace back = parse(t.toCsv());
        assertEquals(t.toCsv(), back.toCsv());
        assertEquals(t.program(), back.program());
        assertEquals(lineOf(t, 3), back.rows().get(3).line());
    }

    @Test
    void timingAndFunctionalAgreeOnCycles() throws IOException {
        Trace f = recordGemmTile(Mode.FUNCTIONAL);
        Trace t = recordGemmTile(Mode.TIMING);
        assertEquals(f.rows().size(), t.rows().size());
        for (int i = 0; i < f.rows().size(); i++) {
            for (String c : List.of("seq", "pc", "encoding", "asm", "unit", "start_cycle", "end_cycle", "bytes_moved")) {
                assertEquals(f.rows().get(i).get(c), t.rows().get(i).get(c), "row " + i + " " + c);
            }
            assertEquals("", t.rows().get(i).writes());
        }
        assertEquals(f.cycles(), t.cycles());
        assertTrue(TraceReplayer.replay(parse(t.toCsv()), true).matches());
    }

    @Test
    void oneFlippedCrcBitIsReportedAtItsRowAndField() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String w = t.rows().get(5).writes();   // quant: spad:0x2000+1024=0x........
        int at = w.length() - 1;
        char flipped = Character.toUpperCase(Character.forDigit(Character.digit(w.charAt(at), 16) ^ 1, 16));
        Trace bad = parse(edit(t, 5, "writes", w.substring(0, at) + flipped).toCsv());
        TraceReplayer.Result r = TraceReplayer.replay(bad, true);
        assertEquals(1, r.differences().size(), r.differences().toString());
        Difference d = r.differences().get(0);
        assertEquals(5, d.row());
        assertEquals("writes", d.field());
        assertEquals(w, d.actual());
        assertEquals(lineOf(t, 5), d.line());
    }

    @Test
    void oneChangedCycleIsReportedAtItsRowAndField() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String end = t.rows().get(4).endCycle();
        Trace bad = parse(edit(t, 4, "end_cycle", String.valueOf(Long.parseLong(end) + 1)).toCsv());
        TraceReplayer.Result first = TraceReplayer.replay(bad, false);
        assertEquals(List.of(new Difference(4, lineOf(t, 4), "end_cycle", String.valueOf(Long.parseLong(end) + 1), end)),
                first.differences());
        assertTrue(first.differences().get(0).describe().startsWith("row 4 (line " + lineOf(t, 4) + "), field end_cycle: expected "));
    }

    @Test
    void continueReportsEveryDifference() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        Trace bad = edit(edit(t, 1, "start_cycle", "999999"), 7, "bytes_moved", "1");
        assertEquals(1, TraceReplayer.replay(bad, false).differences().size());
        List<Difference> all = TraceReplayer.replay(bad, true).differences();
        assertEquals(List.of("start_cycle", "bytes_moved"), all.stream().map(Difference::field).toList());
        assertEquals(List.of(1L, 7L), all.stream().map(Difference::row).toList());
    }

    @Test
    void truncatedFileNamesTheLine() throws IOException {
        String text = recordGemmTile(Mode.FUNCTIONAL).toCsv();
        int cut = text.indexOf('\n', text.indexOf("\n3,") + 1) - 20;   // in the middle of row 3
        InputException e = assertThrows(InputException.class, () -> parse(text.substring(0, cut)));
        assertTrue(e.getMessage().startsWith("t.csv: line 12"), e.getMessage());
        InputException header = assertThrows(InputException.class, () -> parse(text.substring(0, text.indexOf("\nprogram,"))));
        assertTrue(header.getMessage().contains("ends early"), header.getMessage());
    }

    @Test
    void aTraceCutAfterTwoRowsIsDamagedNotAMismatch() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String text = t.toCsv();
        int afterRow1 = text.indexOf('\n', text.indexOf("\n1,") + 1) + 1;
        InputException e = assertThrows(InputException.class, () -> parse(text.substring(0, afterRow1)));
        assertEquals("t.csv: line " + lineOf(t, 2) + ": the trace ends after 2 rows, but its program halts at instruction 9 "
                + "(10 rows expected); the file is cut short", e.getMessage());
    }

    @Test
    void aRowAfterTheHaltIsDamage() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String text = t.toCsv();
        String last = text.substring(text.lastIndexOf("\n9,") + 1);
        InputException e = assertThrows(InputException.class, () -> parse(text + last.replaceFirst("^9,", "10,")));
        assertEquals("t.csv: line " + lineOf(t, 10) + ": a row after the program's halt (instruction 9); expected the trace to end there",
                e.getMessage());
    }

    @Test
    void anUnknownUnitIsDamage() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        InputException e = assertThrows(InputException.class, () -> parse(edit(t, 3, "unit", "warp").toCsv()));
        assertEquals("t.csv: line " + lineOf(t, 3) + ", column unit: expected one of dma_in, mac, vector, dma_out, none, got 'warp'",
                e.getMessage());
    }

    @Test
    void aPcOrEncodingThatIsNotTheProgramsInstructionIsDamage() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        InputException pc = assertThrows(InputException.class, () -> parse(edit(t, 2, "pc", "0x00000060").toCsv()));
        assertEquals("t.csv: line " + lineOf(t, 2) + ", column pc: expected 0x00000040 (row 2 runs instruction 2), got '0x00000060'",
                pc.getMessage());
        InputException enc = assertThrows(InputException.class, () -> parse(edit(t, 2, "encoding", t.rows().get(9).encoding()).toCsv()));
        assertEquals("t.csv: line " + lineOf(t, 2) + ", column encoding: differs from instruction 2 of the header's program",
                enc.getMessage());
    }

    @Test
    void aTraceThatIsNotUtf8NamesItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.write(f, new byte[] {'f', 'p', '8', 's', 'i', 'm', '-', 't', 'r', 'a', 'c', 'e', ',', '1', '\n', (byte) 0xC0, '\n'});
        assertEquals(f + ": line 2: not UTF-8 text (byte 0xC0 at column 1); expected a UTF-8 text file (save it as UTF-8)",
                assertThrows(InputException.class, () -> Trace.read(f)).getMessage());
    }

    @Test
    void badHexNamesLineAndField() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String enc = t.rows().get(2).encoding();
        String text = edit(t, 2, "encoding", enc.substring(0, 10) + "G" + enc.substring(11)).toCsv();
        InputException e = assertThrows(InputException.class, () -> parse(text));
        assertEquals("t.csv: line " + lineOf(t, 2) + ", column encoding: bad hex '" + (enc.substring(0, 10) + "G" + enc.substring(11)).substring(0, 37) + "...'",
                e.getMessage());
    }

    @Test
    void anEncodingThatDoesNotDecodeIsBadInput() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String text = edit(t, 1, "encoding", "0x" + "FF".repeat(32)).toCsv();
        InputException e = assertThrows(InputException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith("t.csv: line " + lineOf(t, 1) + ", column encoding: does not decode"), e.getMessage());
    }

    @Test
    void swappedRowsAreBadInput() throws IOException {
        String text = recordGemmTile(Mode.FUNCTIONAL).toCsv();
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        String r3 = lines.get(10);
        lines.set(10, lines.get(11));
        lines.set(11, r3);
        InputException e = assertThrows(InputException.class, () -> parse(String.join("\n", lines) + "\n"));
        assertEquals("t.csv: line 11, column seq: expected 2 (rows in order from 0), got '3'", e.getMessage());
    }

    @Test
    void missingHeaderAndBadMachineAreBadInput() throws IOException {
        String text = recordGemmTile(Mode.FUNCTIONAL).toCsv();
        String noHeader = text.substring(text.indexOf('\n') + 1);
        assertTrue(assertThrows(InputException.class, () -> parse(noHeader)).getMessage().startsWith("t.csv: line 1: not an fp8sim trace"));
        String noMode = text.replaceFirst("\nmode,functional", "");
        assertEquals("t.csv: line 3: missing header row: expected 'mode', found 'seed'",
                assertThrows(InputException.class, () -> parse(noMode)).getMessage());
        String badJson = text.replaceFirst("\nmachine,\"\\{", "\nmachine,\"{{");
        String m = assertThrows(InputException.class, () -> parse(badJson)).getMessage();
        assertTrue(m.startsWith("t.csv: line 2, column machine: "), m);
        assertTrue(assertThrows(InputException.class, () -> parse("")).getMessage().startsWith("t.csv: line 1:"));
        String badCsv = text.replaceFirst("\n2,", "\n\"2,");
        String csvMessage = assertThrows(InputException.class, () -> parse(badCsv)).getMessage();
        assertTrue(csvMessage.startsWith("t.csv: line 11: malformed CSV"), csvMessage);
    }

    @Test
    void diffFindsTheFirstDivergenceAndSummarises() throws IOException {
        Trace a = recordGemmTile(Mode.FUNCTIONAL);
        assertTrue(TraceDiff.diff(a, a).identical());
        assertTrue(TraceDiff.diff(a, a).summary().startsWith("identical\n"));
        Trace b = edit(edit(a, 3, "end_cycle", "1"), 6, "end_cycle", "2");
        TraceDiff.Result r = TraceDiff.diff(a, b);
        assertFalse(r.identical());
        assertEquals(3, r.first().row());
        assertEquals("end_cycle", r.first().field());
        assertEquals(2, r.differingRowsPerField().get("end_cycle"));
        assertEquals(0, r.differingRowsPerField().get("writes"));
        assertEquals(10, r.rowsCompared());
        assertEquals(a.cycles(), r.cyclesA());
        assertTrue(r.summary().contains("rows differing per field: end_cycle 2\n"), r.summary());
    }

    @Test
    void diffOfTwoMachinesDiverges() throws IOException {
        Trace a = recordGemmTile(Mode.TIMING);
        Trace b = Tracing.record(MACHINE.withArray(16, 16), Mode.TIMING, gemmTile(), inputs());
        TraceDiff.Result r = TraceDiff.diff(a, b);
        assertFalse(r.identical());
        assertNotEquals(r.cyclesA(), r.cyclesB());
    }

    @Test
    void commitLogHasOneStableLinePerInstruction() throws IOException {
        Trace t = recordGemmTile(Mode.FUNCTIONAL);
        String log = CommitLog.of(t);
        String[] lines = log.split("\n");
        assertEquals(10, lines.length);
        TraceRow g = t.rows().get(2);
        assertEquals("core 0: 0x00000040 (seq 2) " + g.asm() + " [mac " + g.startCycle() + "-" + g.endCycle() + "] bytes=" + g.bytesMoved() + " " + g.writes(), lines[2]);
        assertEquals(log, CommitLog.of(parse(t.toCsv())));
    }

    @Test
    void stridedAccumulatorRegionsAreHashedRowByRowLittleEndian() {
        Program p = Assembler.assemble("""
                dma.load dst=spad:0x0 dram=0x0 rows=4 bytes=4
                dma.load dst=spad:0x100 dram=0x10 rows=4 bytes=4
                gemm c=acc:0x40 a=spad:0x0 b=spad:0x100 m=4 n=4 k=4 ldc=12 df=ws fa=e4m3 fb=e4m3
                halt
                """, "strided.s");
        byte[] in = new byte[32];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (0x30 + i);   // e4m3 codes 0.5 and up
        }
        io.github.fp8sim.runtime.exec.Machine m = new io.github.fp8sim.runtime.exec.Machine(MACHINE);
        m.dram().write(0, in, 0, in.length);
        io.github.fp8sim.runtime.timing.Accounting acc = new io.github.fp8sim.runtime.timing.Accounting(MACHINE, false);
        TraceRecorder rec = new TraceRecorder(m, Mode.FUNCTIONAL, acc);
        new io.github.fp8sim.runtime.exec.Interpreter(m, Mode.FUNCTIONAL).listen(acc).listen(rec).run(p);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        float[] w = m.accumulator().words();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                int bits = Float.floatToRawIntBits(w[0x40 / 4 + r * 12 + c]);
                crc.update(new byte[] {(byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16), (byte) (bits >>> 24)});
            }
        }
        assertNotEquals(0f, w[0x40 / 4]);
        assertEquals(String.format("acc:0x40+64=0x%08X", crc.getValue()), rec.rows().get(2).writes());
        assertThrows(IllegalStateException.class, () -> new TraceRecorder(m, Mode.FUNCTIONAL, acc).executed(7, p.get(3)));
        assertEquals(List.of(new Difference(0, 0, "seq", "0", null)),
                TraceCompare.compare(rec.rows().subList(0, 1), List.of(), true));
    }
}
