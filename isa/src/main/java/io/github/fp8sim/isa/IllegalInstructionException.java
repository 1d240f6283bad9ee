package io.github.fp8sim.isa;

import java.util.Locale;

/**
 * Bits that are not a valid instruction: unknown opcode, non-zero reserved bits or a field value out of
 * range. The message names the source (when known), the instruction index, its byte offset and the
 * offending word in hex (Spike's {@code illegal_instruction}).
 */
public final class IllegalInstructionException extends IsaException {
    private final String source;
    private final int index;
    private final long byteOffset;
    private final long[] words;
    private final String problem;

    /**
     * An instruction that does not decode.
     *
     * @param source     the file or buffer name, or null
     * @param index      0-based instruction index
     * @param byteOffset byte offset of the instruction in {@code source}
     * @param words      the instruction's four words
     * @param problem    what is wrong, naming the word(s) in hex
     */
    public IllegalInstructionException(String source, int index, long byteOffset, long[] words, String problem) {
        super((source == null ? "" : source + ": ") + "instruction " + index + " (byte offset 0x"
                + Long.toHexString(byteOffset).toUpperCase(Locale.ROOT) + "): " + problem);
        this.source = source;
        this.index = index;
        this.byteOffset = byteOffset;
        this.words = words.clone();
        this.problem = problem;
    }

    /** The file or buffer name, or null. */
    public String source() {
        return source;
    }

    /** 0-based instruction index. */
    public int index() {
        return index;
    }

    /** Byte offset of the instruction in its source. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The instruction's four 64-bit words. */
    public long[] words() {
        return words.clone();
    }

    /** The message without the location. */
    public String problem() {
        return problem;
    }
}
