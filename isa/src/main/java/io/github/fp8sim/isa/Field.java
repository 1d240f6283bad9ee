package io.github.fp8sim.isa;

/**
 * One field of an instruction layout: {@code width} bits starting at bit {@code lsb} of the 256-bit
 * little-endian instruction (bit 0 is the least significant bit of byte 0). Fields may cross a 64-bit
 * word boundary; the layouts in {@link Opcode} avoid it so hex dumps stay readable.
 *
 * @param name   the field's name in the layout (snake_case, as in error messages)
 * @param lsb    position of the field's least significant bit, 0..255
 * @param width  number of bits, 1..64
 * @param signed whether the value is two's complement (sign-extended when read)
 */
public record Field(String name, int lsb, int width, boolean signed) {

    /** Rejects widths a {@code long} cannot carry and negative positions; layout overlaps are tested, not checked here. */
    public Field {
        if (width < 1 || width > 64 || lsb < 0) {
            throw new IllegalArgumentException("field " + name + ": lsb " + lsb + ", width " + width
                    + " (need lsb >= 0 and width 1..64)");
        }
    }

    /** An unsigned field. */
    public static Field unsigned(String name, int lsb, int width) {
        return new Field(name, lsb, width, false);
    }

    /** A two's-complement field. */
    public static Field signed(String name, int lsb, int width) {
        return new Field(name, lsb, width, true);
    }

    /** Position of the field's most significant bit. */
    public int msb() {
        return lsb + width - 1;
    }

    /** {@code name[msb:lsb]}, as in hardware documentation. */
    @Override
    public String toString() {
        return name + "[" + msb() + ":" + lsb + "]";
    }
}
