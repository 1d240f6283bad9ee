package io.github.fp8sim.testkit;

/** Hex text as the vectors and trace files write it ({@code 0x3C}, {@code 0x7FC00000}). */
public final class Hex {

    private Hex() {}

    /**
     * The value of {@code 0x}-prefixed hex text, as an unsigned 32-bit pattern ({@code "0xFFFFFFFF"} is
     * {@code -1}).
     *
     * @throws NumberFormatException when the text has no {@code 0x} prefix, no digits, a non-hex digit, or
     *                               more than 32 bits
     */
    public static int hex(String text) {
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
            throw new NumberFormatException("not 0x-prefixed hex: \"" + text + "\"");
        }
        return Integer.parseUnsignedInt(text.substring(2), 16);
    }
}
