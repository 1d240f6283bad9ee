package io.github.fp8sim.isa;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where each instruction of a {@link Program} came from, for messages about it at run time: the
 * source line of an assembly file ({@code prog.s:12}) or the instruction's byte offset in a binary
 * program file ({@code prog.bin: byte offset 0x70}). Looked up only when something is reported, so
 * running a program costs nothing extra.
 */
public final class SourceMap {
    /** A program made in memory: no file to name. */
    public static final SourceMap NONE = new SourceMap(null, null);

    private final String file;
    private final int[] lines;

    private SourceMap(String file, int[] lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Instruction {@code i} was assembled from 1-based line {@code lines[i]} of {@code file}. */
    public static SourceMap assembly(String file, int[] lines) {
        return new SourceMap(file, lines.clone());
    }

    /** Instruction {@code i} is at byte offset {@code 16 + 32 i} of the binary program file {@code file}. */
    public static SourceMap binary(String file) {
        return new SourceMap(file, null);
    }

    /** The file, or null for a program made in memory. */
    public String file() {
        return file;
    }

    /** How many instructions this map places, or -1 for a binary file's (any number) or none. */
    int size() {
        return lines == null ? -1 : lines.length;
    }

    /** Where instruction {@code index} came from, e.g. {@code prog.s:12}; null for a program made in memory. */
    public String where(int index) {
        if (file == null) {
            return null;
        }
        if (lines == null) {
            long offset = Program.HEADER_BYTES + (long) index * Opcode.INSTRUCTION_BYTES;
            return file + ": byte offset 0x" + Long.toHexString(offset).toUpperCase(Locale.ROOT);
        }
        return file + ":" + lines[index];
    }

    @Override
    public String toString() {
        return file == null ? "SourceMap.NONE" : "SourceMap[" + file + (lines == null ? ", binary]" : ", lines " + Arrays.toString(lines) + "]");
    }
}
