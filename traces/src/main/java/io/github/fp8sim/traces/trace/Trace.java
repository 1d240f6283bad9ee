package io.github.fp8sim.traces.trace;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.github.fp8sim.isa.Decoder;
import io.github.fp8sim.isa.IsaException;
import io.github.fp8sim.isa.Program;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.runtime.config.MachineConfig;
import io.github.fp8sim.runtime.config.MachineFiles;
import io.github.fp8sim.runtime.exec.Mode;
import io.github.fp8sim.runtime.io.AtomicOutput;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.runtime.io.InputFiles;
import io.github.fp8sim.runtime.timing.Unit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * An execution trace, format version 1: a header section of {@code key,value} rows, then the table.
 *
 * <pre>
 * fp8sim-trace,1
 * machine,"{...machine JSON...}"
 * mode,functional
 * seed,1
 * program_sha256,3f1c...
 * program,0x...            (every instruction's 32 bytes, in order: the program itself)
 * dram_in,0x1000,0x...     (zero or more: DRAM bytes loaded before the run)
 * seq,pc,encoding,asm,unit,start_cycle,end_cycle,bytes_moved,writes
 * 0,0x00000000,0x...,dma.load ...,dma_in,0,40,2048,spad:0x0+2048=0x1A2B3C4D
 * </pre>
 *
 * Read and written with Apache Commons CSV; every problem reading one is an {@link InputException}
 * naming the file and line.
 */
public record Trace(MachineConfig machine, Mode mode, long seed, Program program, List<DramImage> dramIn, List<TraceRow> rows) {

    /** The first cell of the first line. */
    public static final String MAGIC = "fp8sim-trace";
    /** The format version; a change to any column or header key needs a new one. */
    public static final int VERSION = 1;

    /** Bytes loaded into DRAM at {@code addr} before the run. */
    public record DramImage(long addr, byte[] bytes) {
    }

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
    /** The values of the unit column. */
    private static final List<String> UNITS = Arrays.stream(Unit.values()).map(Unit::key).toList();

    public Trace {
        dramIn = List.copyOf(dramIn);
        rows = List.copyOf(rows);
    }

    /** The machine's cycles: the latest end cycle of any row (0 for an empty trace). */
    public long cycles() {
        long c = 0;
        for (TraceRow r : rows) {
            try {
                c = Math.max(c, Long.parseLong(r.endCycle()));
            } catch (NumberFormatException e) {
                // a hand-made row: not counted
            }
        }
        return c;
    }

    /** The trace as CSV text. */
    public String toCsv() {
        StringWriter w = new StringWriter();
        try {
            writeTo(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the trace to {@code path} whole or not at all. */
    public void write(Path path) {
        AtomicOutput.write(path, this::writeTo);
    }

    public void writeTo(Writer out) throws IOException {
        CSVPrinter p = new CSVPrinter(out, FORMAT);
        p.printRecord(MAGIC, VERSION);
        p.printRecord("machine", MachineFiles.toTree(machine).toString());
        p.printRecord("mode", mode.name().toLowerCase(Locale.ROOT));
        p.printRecord("seed", seed);
        p.printRecord("program_sha256", program.sha256());
        p.printRecord("program", hex(program.encodeInstructions()));
        for (DramImage d : dramIn) {
            p.printRecord("dram_in", hexAddr(d.addr()), hex(d.bytes()));
        }
        p.printRecord(TraceRow.COLUMNS);
        for (TraceRow r : rows) {
            p.printRecord(r.values());
        }
        p.flush();
    }

    static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    static String hexAddr(long addr) {
        return String.format(Locale.ROOT, "0x%08X", addr);
    }

    /** Reads a trace file. */
    public static Trace read(Path path) {
        return parse(path.toString(), new StringReader(InputFiles.readText(path)));
    }

    /** Parses trace text; {@code name} is used in messages. */
    public static Trace parse(String name, Reader reader) {
        List<Line> lines = lines(name, reader);
        Cursor c = new Cursor(name, lines);
        Line first = c.next("the trace header (" + MAGIC + "," + VERSION + ")");
        if (first.cells().size() != 2 || !first.cells().get(0).equals(MAGIC)) {
            throw InputException.at(name, first.line(), null, "not an fp8sim trace: expected '" + MAGIC + "," + VERSION + "' as the first line");
        }
        if (!first.cells().get(1).equals(String.valueOf(VERSION))) {
            throw InputException.at(name, first.line(), null, "trace format version " + first.cells().get(1) + " is not supported (this fp8sim reads " + VERSION + ")");
        }
        Line ml = c.key("machine", 2);
        MachineConfig machine;
        try {
            machine = MachineFiles.parse(ml.cells().get(1), false);
        } catch (InputException e) {
            throw InputException.at(name, ml.line(), "machine", e.getMessage());
        }
        Line modeLine = c.key("mode", 2);
        Mode mode = switch (modeLine.cells().get(1)) {
            case "functional" -> Mode.FUNCTIONAL;
            case "timing" -> Mode.TIMING;
            default -> throw InputException.at(name, modeLine.line(), "mode", "expected functional or timing, got '" + modeLine.cells().get(1) + "'");
        };
        Line seedLine = c.key("seed", 2);
        long seed;
        try {
            seed = Long.parseLong(seedLine.cells().get(1));
        } catch (NumberFormatException e) {
            throw InputException.at(name, seedLine.line(), "seed", "expected an integer, got '" + seedLine.cells().get(1) + "'");
        }
        if (seed != machine.sr().seed()) {
            throw InputException.at(name, seedLine.line(), "seed", "the machine's SR seed is " + machine.sr().seed() + ", the header says " + seed);
        }
        Line shaLine = c.key("program_sha256", 2);
        Line progLine = c.key("program", 2);
        byte[] code = bytes(name, progLine.line(), "program", progLine.cells().get(1));
        if (code.length % 32 != 0) {
            throw InputException.at(name, progLine.line(), "program", code.length + " bytes is not a whole number of 32-byte instructions");
        }
        List<Instruction> insns = new ArrayList<>();
        for (int i = 0; i < code.length / 32; i++) {
            insns.add(decode(name, progLine.line(), "program", code, i * 32, i));
        }
        Program program = new Program(insns);
        if (!program.sha256().equals(shaLine.cells().get(1))) {
            throw InputException.at(name, shaLine.line(), "program_sha256", "the program's digest is " + program.sha256() + ", the header says " + shaLine.cells().get(1));
        }
        int halt = insns.indexOf(new Halt());
        if (halt < 0) {
            throw InputException.at(name, progLine.line(), "program", "no halt instruction (a recorded program runs to its halt)");
        }
        List<DramImage> dram = new ArrayList<>();
        while (c.peek() != null && c.peek().cells().get(0).equals("dram_in")) {
            Line d = c.key("dram_in", 3);
            dram.add(new DramImage(number(name, d.line(), "dram_in", d.cells().get(1)), bytes(name, d.line(), "dram_in", d.cells().get(2))));
        }
        Line header = c.next("the table header (" + String.join(",", TraceRow.COLUMNS) + ")");
        if (!header.cells().equals(TraceRow.COLUMNS)) {
            throw InputException.at(name, header.line(), null, "expected the table header '" + String.join(",", TraceRow.COLUMNS) + "', found '" + String.join(",", header.cells()) + "'");
        }
        List<TraceRow> rows = new ArrayList<>();
        while (c.peek() != null) {
            Line l = c.next("a row");
            if (l.cells().size() != TraceRow.COLUMNS.size()) {
                throw InputException.at(name, l.line(), null, "expected " + TraceRow.COLUMNS.size() + " fields, found " + l.cells().size());
            }
            TraceRow row = TraceRow.of(l.line(), l.cells());
            if (rows.size() > halt) {
                throw InputException.at(name, l.line(), null, "a row after the program's halt (instruction " + halt
                        + "); expected the trace to end there");
            }
            check(name, row, rows.size(), code);
            rows.add(row);
        }
        if (rows.size() <= halt) {
            long end = (rows.isEmpty() ? header.line() : rows.get(rows.size() - 1).line()) + 1;
            throw InputException.at(name, end, null, "the trace ends after " + rows.size() + " rows, but its program halts at "
                    + "instruction " + halt + " (" + (halt + 1) + " rows expected); the file is cut short");
        }
        return new Trace(machine, mode, seed, program, dram, rows);
    }

    /**
     * Checks a row: the sequence number, its program counter and encoding against the program's
     * instruction {@code expectedSeq} ({@code code}), the unit, numbers and the writes list. What the
     * file alone shows to be wrong is damage (bad input), not a replay mismatch.
     */
    private static void check(String name, TraceRow r, int expectedSeq, byte[] code) {
        long line = r.line();
        if (!r.seq().equals(String.valueOf(expectedSeq))) {
            throw InputException.at(name, line, "seq", "expected " + expectedSeq + " (rows in order from 0), got '" + r.seq() + "'");
        }
        long pc = number(name, line, "pc", r.pc());
        if (pc != 32L * expectedSeq) {
            throw InputException.at(name, line, "pc", "expected " + hexAddr(32L * expectedSeq) + " (row " + expectedSeq
                    + " runs instruction " + expectedSeq + "), got '" + r.pc() + "'");
        }
        byte[] enc = bytes(name, line, "encoding", r.encoding());
        if (enc.length != 32) {
            throw InputException.at(name, line, "encoding", "expected 0x and 64 hex digits, got " + enc.length + " bytes");
        }
        decode(name, line, "encoding", enc, 0, expectedSeq);
        if (!Arrays.equals(enc, 0, 32, code, 32 * expectedSeq, 32 * expectedSeq + 32)) {
            throw InputException.at(name, line, "encoding", "differs from instruction " + expectedSeq + " of the header's program");
        }
        if (UNITS.stream().noneMatch(r.unit()::equals)) {
            throw InputException.at(name, line, "unit", "expected one of " + String.join(", ", UNITS) + ", got '" + abbreviate(r.unit()) + "'");
        }
        for (String f : List.of("start_cycle", "end_cycle", "bytes_moved")) {
            String v = r.get(f);
            if (!v.matches("\\d{1,19}")) {
                throw InputException.at(name, line, f, "expected a non-negative integer, got '" + v + "'");
            }
        }
        if (!r.writes().isEmpty()) {
            for (String item : r.writes().split(";", -1)) {
                if (!item.matches("(dram|spad|acc):0x[0-9A-Fa-f]{1,16}\\+\\d{1,19}=0x[0-9A-Fa-f]{8}")) {
                    throw InputException.at(name, line, "writes", "expected space:0xADDR+LEN=0xCRC items joined by ';', got '" + item + "'");
                }
            }
        }
    }

    private static Instruction decode(String name, long line, String field, byte[] bytes, int offset, int index) {
        try {
            return Decoder.decode(bytes, offset, index, name);
        } catch (IsaException | IllegalArgumentException e) {
            throw InputException.at(name, line, field, "does not decode (" + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(String name, long line, String field, String text) {
        if (!text.startsWith("0x") || (text.length() - 2) % 2 != 0) {
            throw InputException.at(name, line, field, "expected 0x and an even number of hex digits, got '" + abbreviate(text) + "'");
        }
        try {
            return HexFormat.of().parseHex(text, 2, text.length());
        } catch (IllegalArgumentException e) {
            throw InputException.at(name, line, field, "bad hex '" + abbreviate(text) + "'");
        }
    }

    private static long number(String name, long line, String field, String text) {
        try {
            if (!text.startsWith("0x")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(text.substring(2), 16);
        } catch (NumberFormatException e) {
            throw InputException.at(name, line, field, "expected 0x and hex digits, got '" + abbreviate(text) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private record Line(long line, List<String> cells) {
    }

    private static List<Line> lines(String name, Reader reader) {
        List<Line> out = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> it = parser.iterator();
            long before = parser.getCurrentLineNumber();
            while (true) {
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw InputException.at(name, before + 1, null, "malformed CSV (" + root(e) + ")");
                }
                out.add(new Line(before + 1, rec.toList()));
                before = parser.getCurrentLineNumber();
            }
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(name + ": cannot read (" + root(e) + ")");
        }
        return out;
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static final class Cursor {
        private final String name;
        private final List<Line> lines;
        private int i;

        Cursor(String name, List<Line> lines) {
            this.name = name;
            this.lines = lines;
        }

        Line peek() {
            return i < lines.size() ? lines.get(i) : null;
        }

        Line next(String what) {
            if (i >= lines.size()) {
                long line = lines.isEmpty() ? 1 : lines.get(lines.size() - 1).line() + 1;
                throw InputException.at(name, line, null, "the file ends early; expected " + what);
            }
            return lines.get(i++);
        }

        Line key(String key, int cells) {
            Line l = next("the header row '" + key + "'");
            if (!l.cells().get(0).equals(key)) {
                throw InputException.at(name, l.line(), null, "missing header row: expected '" + key + "', found '" + abbreviate(l.cells().get(0)) + "'");
            }
            if (l.cells().size() != cells) {
                throw InputException.at(name, l.line(), key, "expected " + cells + " fields, found " + l.cells().size());
            }
            return l;
        }
    }
}
