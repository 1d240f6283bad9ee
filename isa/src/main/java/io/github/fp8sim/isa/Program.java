package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Instruction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An immutable, straight-line list of instructions (a program ends with {@code halt}; this class does not
 * insist, so fragments can be assembled and joined).
 *
 * <p>Binary file format, version 1, little-endian: a 16-byte header — magic {@code FP8SIMPG} (8 ASCII
 * bytes), format version (u32) = 1, instruction count (u32) — then 32 bytes per instruction as laid out in
 * {@link Opcode}.
 *
 * <p>Two programs are equal when their instructions are: where they were read from ({@link #source()})
 * is not part of a program's identity, as it is not part of its {@link #sha256()}.
 *
 * @param instructions the instructions in program order
 * @param source       where each instruction came from, for run-time messages ({@link SourceMap#NONE} for a
 *                     program made in memory)
 */
public record Program(List<Instruction> instructions, SourceMap source) {
    /** The file's first 8 bytes. */
    public static final String MAGIC = "FP8SIMPG";
    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Header size in bytes. */
    public static final int HEADER_BYTES = 16;

    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    /** Copies the list; null instructions are rejected, and a source map must place every instruction. */
    public Program {
        instructions = List.copyOf(instructions);
        java.util.Objects.requireNonNull(source, "source");
        if (source.size() >= 0 && source.size() != instructions.size()) {
            throw new IllegalArgumentException("the source map places " + source.size() + " instructions, the program has "
                    + instructions.size());
        }
    }

    /** A program made in memory. */
    public Program(List<Instruction> instructions) {
        this(instructions, SourceMap.NONE);
    }

    /** A program of the given instructions. */
    public static Program of(Instruction... instructions) {
        return new Program(List.of(instructions));
    }

    /** Number of instructions. */
    public int size() {
        return instructions.size();
    }

    /** Instruction {@code index}. */
    public Instruction get(int index) {
        return instructions.get(index);
    }

    /** The instructions' encodings back to back, without the header (what {@link #sha256()} hashes). */
    public byte[] encodeInstructions() {
        byte[] out = new byte[Math.multiplyExact(size(), Opcode.INSTRUCTION_BYTES)];
        for (int i = 0; i < size(); i++) {
            Encoder.encodeInto(instructions.get(i), out, i * Opcode.INSTRUCTION_BYTES);
        }
        return out;
    }

    /** The whole binary file: header, then the instructions. */
    public byte[] encode() {
        byte[] body = encodeInstructions();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC_BYTES).putInt(FORMAT_VERSION).putInt(size()).put(body);
        return out.array();
    }

    /**
     * Reads a binary program file.
     *
     * @param fileBytes the whole file
     * @param fileName  its name, for messages
     * @throws ProgramFormatException      on a bad header, a truncated file or bytes beyond the count
     * @throws IllegalInstructionException on an instruction that does not decode
     */
    public static Program decode(byte[] fileBytes, String fileName) {
        if (fileBytes.length < HEADER_BYTES) {
            throw new ProgramFormatException(fileName, fileBytes.length, "truncated header: the file has "
                    + fileBytes.length + " bytes, a header needs " + HEADER_BYTES);
        }
        if (!Arrays.equals(fileBytes, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
            throw new ProgramFormatException(fileName, 0, "bad magic " + HexFormat.ofDelimiter(" ").withUpperCase()
                    .formatHex(fileBytes, 0, MAGIC_BYTES.length) + " (expected \"" + MAGIC + "\")");
        }
        ByteBuffer in = ByteBuffer.wrap(fileBytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = Integer.toUnsignedLong(in.getInt(8));
        if (version != FORMAT_VERSION) {
            throw new ProgramFormatException(fileName, 8, "unsupported format version " + version
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        long count = Integer.toUnsignedLong(in.getInt(12));
        long bodyBytes = fileBytes.length - HEADER_BYTES;
        long whole = bodyBytes / Opcode.INSTRUCTION_BYTES;
        if (whole < count) {
            throw new ProgramFormatException(fileName, HEADER_BYTES + whole * Opcode.INSTRUCTION_BYTES,
                    "truncated file: the header says " + count + " instructions, the file ends after " + whole
                            + " (and " + (bodyBytes % Opcode.INSTRUCTION_BYTES) + " bytes more)");
        }
        if (bodyBytes != count * Opcode.INSTRUCTION_BYTES) {
            throw new ProgramFormatException(fileName, HEADER_BYTES + count * Opcode.INSTRUCTION_BYTES,
                    "count mismatch: the header says " + count + " instructions, but " + bodyBytes
                            + " bytes follow it (" + count * Opcode.INSTRUCTION_BYTES + " expected)");
        }
        List<Instruction> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            out.add(Decoder.decode(fileBytes, HEADER_BYTES + i * Opcode.INSTRUCTION_BYTES, i, fileName));
        }
        return new Program(out, SourceMap.binary(fileName));
    }

    /** Equal instructions, wherever they were read from. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && instructions.equals(p.instructions);
    }

    @Override
    public int hashCode() {
        return instructions.hashCode();
    }

    /** SHA-256 of {@link #encodeInstructions()}, lower-case hex: the program's identity in traces. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encodeInstructions()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
