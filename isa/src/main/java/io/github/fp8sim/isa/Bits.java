package io.github.fp8sim.isa;

/** Reads and writes bit fields of a 256-bit little-endian instruction held as four 64-bit words. */
final class Bits {
    private Bits() {
    }

    /** The field's raw bits, zero-extended (sign-extended for signed fields). */
    static long get(long[] words, Field f) {
        int word = f.lsb() >>> 6;
        int off = f.lsb() & 63;
        long v = words[word] >>> off;
        if (off + f.width() > 64) {
            v |= words[word + 1] << (64 - off);
        }
        if (f.width() == 64) {
            return v;
        }
        return f.signed()
                ? v << (64 - f.width()) >> (64 - f.width())
                : v & mask(f.width());
    }

    /** Stores the low {@code width} bits of {@code value} (two's complement for signed fields). */
    static void set(long[] words, Field f, long value) {
        long m = mask(f.width());
        long v = value & m;
        int word = f.lsb() >>> 6;
        int off = f.lsb() & 63;
        words[word] = (words[word] & ~(m << off)) | (v << off);
        if (off + f.width() > 64) {
            long hi = mask(off + f.width() - 64);
            words[word + 1] = (words[word + 1] & ~hi) | (v >>> (64 - off));
        }
    }

    static long mask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Sets every bit of the field in {@code mask}. */
    static void cover(long[] mask, Field f) {
        set(mask, f, -1L);
    }
}
