package io.github.fp8sim.isa.insn;

import java.util.Locale;

/**
 * The number formats the hardware supports, as named by instructions. The datapath's {@code FloatFormat}
 * defines what each one means; the ISA only names them (it depends on no other module).
 */
public enum NumFormat implements Coded {
    /** OCP E5M2 (IEEE-like specials). */
    E5M2(0, 8),
    /** OCP E4M3 ("fn": no Inf, one NaN per sign). */
    E4M3(1, 8),
    /** E5M2 with bias 16, no Inf, no -0, NaN 0x80. */
    E5M2FNUZ(2, 8),
    /** E4M3 with bias 8, no Inf, no -0, NaN 0x80. */
    E4M3FNUZ(3, 8),
    /** IEEE binary16. */
    FP16(4, 16),
    /** bfloat16. */
    BF16(5, 16),
    /** IEEE binary32. */
    FP32(6, 32);

    private final int code;
    private final int bits;

    NumFormat(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** The binary code stored in instruction fields; fixed, independent of declaration order. */
    @Override
    public int code() {
        return code;
    }

    /** Storage width of one element in bits: 8, 16 or 32. */
    public int bits() {
        return bits;
    }

    /** True for the four 8-bit formats, the only ones the MAC array takes. */
    public boolean isFp8() {
        return bits == 8;
    }

    /** The assembly name: {@code e5m2}, {@code e4m3}, {@code e5m2fnuz}, {@code e4m3fnuz}, {@code fp16}, ... */
    @Override
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code text} (any case); IllegalArgumentException listing the names otherwise. */
    public static NumFormat parse(String text) {
        return Enums.parse(NumFormat.class, text, "number format");
    }

    /** The format with binary code {@code code}; IllegalArgumentException otherwise. */
    public static NumFormat fromCode(int code) {
        return Enums.fromCode(NumFormat.class, code);
    }
}
