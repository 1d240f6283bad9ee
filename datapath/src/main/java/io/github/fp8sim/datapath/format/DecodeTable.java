package io.github.fp8sim.datapath.format;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The 256-entry decode table of an 8-bit format: code -> FP32 value. A cache of
 * {@link FloatFormat#decodeToF32Bits}, built from it once per format and shared; the MAC array and
 * the vector unit decode FP8 operands through it (one load instead of field arithmetic).
 */
public final class DecodeTable {

    private static final Map<FloatFormat, DecodeTable> CACHE = new ConcurrentHashMap<>();

    private final FloatFormat format;
    private final float[] values;

    private DecodeTable(FloatFormat format) {
        this.format = format;
        this.values = new float[256];
        for (int code = 0; code < 256; code++) {
            values[code] = Float.intBitsToFloat(format.decodeToF32Bits(code));
        }
    }

    /** The table of an 8-bit (or narrower) format; codes of narrower formats index its low entries. */
    public static DecodeTable of(FloatFormat format) {
        if (format.totalBits() > 8) {
            throw new IllegalArgumentException(format.name() + " has " + format.totalBits() + " bits; decode tables are for 8-bit formats");
        }
        return CACHE.computeIfAbsent(format, DecodeTable::new);
    }

    public FloatFormat format() {
        return format;
    }

    /** The value of a code (the low 8 bits are used). */
    public float decode(int code) {
        return values[code & 0xFF];
    }

    /** A copy of the table, for kernels that index it directly. */
    public float[] copyOfValues() {
        return values.clone();
    }
}
