package io.github.fp8sim.runtime.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import io.github.fp8sim.isa.Assembler;
import io.github.fp8sim.isa.Program;

/**
 * Reads a program file: binary ({@link Program#decode}) when it starts with the magic
 * {@code FP8SIMPG}, assembly text ({@link Assembler}, UTF-8 as {@link InputFiles#text}) otherwise.
 * Bytes that are neither, such as a binary of another kind, are one line naming the first byte that
 * is not text, never echoed back as a "mnemonic".
 */
public final class ProgramFiles {

    private static final byte[] MAGIC = Program.MAGIC.getBytes(StandardCharsets.US_ASCII);

    private ProgramFiles() {
    }

    /** The program in {@code file}; the instructions remember their line or byte offset ({@link Program#source()}). */
    public static Program read(Path file) {
        return parse(file.toString(), InputFiles.readAllBytes(file));
    }

    /** The program in {@code bytes}, a file's whole content; {@code name} names it in messages. */
    public static Program parse(String name, byte[] bytes) {
        if (bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Program.decode(bytes, name);
        }
        int control = firstControlByte(bytes);
        if (control >= 0) {
            throw new InputException(name + ": neither an " + Program.MAGIC + " program (it does not start with \""
                    + Program.MAGIC + "\") nor assembly text (byte 0x" + String.format(Locale.ROOT, "%02X", bytes[control] & 0xFF)
                    + " at byte offset 0x" + Integer.toHexString(control).toUpperCase(Locale.ROOT) + " is a control character)");
        }
        return Assembler.assemble(InputFiles.text(name, bytes), name);
    }

    /** The offset of the first byte that text does not hold (a control character but tab, line feed, form feed and carriage return), or -1. */
    private static int firstControlByte(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7F) {
                return i;
            }
        }
        return -1;
    }
}
