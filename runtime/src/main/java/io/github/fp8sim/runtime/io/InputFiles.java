package io.github.fp8sim.runtime.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reading input files with the one-line errors of {@link InputException}. Every text input (CSV
 * tables, machine files, energy tables, traces, assembly, data sets) is read with {@link #readText},
 * so each says the same thing about a file that is not UTF-8.
 */
public final class InputFiles {

    /** The byte-order mark some editors and spreadsheet exports put at the start of UTF-8 text. */
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private InputFiles() {
    }

    /** All bytes of {@code file}; a missing or unreadable file is an {@link InputException} naming it. */
    public static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * The text of {@code file}, decoded as UTF-8 with a leading byte-order mark dropped. A missing or
     * unreadable file, or bytes that are not UTF-8, are an {@link InputException} naming the file (and
     * the line of the first bad byte).
     */
    public static String readText(Path file) {
        return text(file.toString(), readAllBytes(file));
    }

    /**
     * {@code file} opened for streaming as UTF-8 text, a leading byte-order mark skipped. Bytes that are
     * not UTF-8 make a read fail with a {@link java.nio.charset.CharacterCodingException} (the caller can
     * then name the line with {@link #readText}); a missing or unreadable file is an
     * {@link InputException} naming it.
     */
    public static Reader openText(Path file) {
        BufferedReader reader = null;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);   // reports malformed input
            reader.mark(1);
            if (reader.read() != BYTE_ORDER_MARK) {
                reader.reset();
            }
            return reader;
        } catch (CharacterCodingException e) {
            close(reader);
            readText(file);   // names the line and byte
            throw new InputException(file + ": not UTF-8 text; expected a UTF-8 text file (save it as UTF-8)");
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            close(reader);
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static void close(Reader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // reading already failed; that is the error to report
            }
        }
    }

    /**
     * {@code bytes} decoded as UTF-8 text, a leading byte-order mark dropped; {@code name} names the
     * source in messages, e.g. {@code in.csv: line 3: not UTF-8 text (byte 0xE9 at column 5); expected a
     * UTF-8 text file (save it as UTF-8)}.
     */
    public static String text(String name, byte[] bytes) {
        CharBuffer out = CharBuffer.allocate(bytes.length);   // UTF-8 never needs more chars than bytes
        int bad = decode(bytes, out);
        if (bad >= 0) {
            int lineStart = bad;
            while (lineStart > 0 && bytes[lineStart - 1] != '\n') {
                lineStart--;
            }
            long line = 1;
            for (int i = 0; i < lineStart; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw InputException.at(name, line, null, "not UTF-8 text (byte 0x"
                    + String.format(Locale.ROOT, "%02X", bytes[bad] & 0xFF) + " at column " + (bad - lineStart + 1)
                    + "); expected a UTF-8 text file (save it as UTF-8)");
        }
        out.flip();
        if (out.hasRemaining() && out.get(0) == BYTE_ORDER_MARK) {
            out.position(1);
        }
        return out.toString();
    }

    /** The offset of the first byte that does not belong to well-formed UTF-8, or -1 when all do. */
    public static int firstNonUtf8(byte[] bytes) {
        return decode(bytes, CharBuffer.allocate(bytes.length));
    }

    /** Decodes all of {@code bytes} into {@code out}; the offset of the first malformed byte, or -1. */
    private static int decode(byte[] bytes, CharBuffer out) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        return r.isError() ? in.position() : -1;
    }
}
