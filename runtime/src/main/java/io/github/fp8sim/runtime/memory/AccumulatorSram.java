package io.github.fp8sim.runtime.memory;

/**
 * The accumulator SRAM: FP32 words, byte-addressed (addresses and strides are multiples of 4). It
 * is backed by a {@code float[]} so the MAC array accumulates in place; DMA sees the words as
 * little-endian bytes. Raw bits are kept exactly (NaN payloads included) by moving them with
 * {@code floatToRawIntBits}/{@code intBitsToFloat}.
 */
public final class AccumulatorSram {
    private final float[] words;

    public AccumulatorSram(long sizeBytes) {
        this.words = new float[Math.toIntExact(sizeBytes / 4)];
    }

    public long size() {
        return (long) words.length * 4;
    }

    /** The backing words (index = byte address / 4). */
    public float[] words() {
        return words;
    }

    /** Checks a 2-D region given in bytes, and its 4-byte alignment. */
    public void check(long addr, long rows, long rowBytes, long stride) {
        if ((addr & 3) != 0 || (rowBytes & 3) != 0 || (rows > 1 && (stride & 3) != 0)) {
            throw new AccessException(String.format("accumulator access at 0x%X (row %d bytes, stride %d) is not 4-byte aligned",
                    addr, rowBytes, stride));
        }
        AccessException.checkRegion("accumulator", addr, rows, rowBytes, stride, size());
    }

    /** Copies bytes out of the words, little-endian; addr and len are multiples of 4. */
    public void readBytes(long addr, byte[] dst, int off, int len) {
        int w = (int) (addr >>> 2);
        for (int i = 0; i < len; i += 4) {
            int bits = Float.floatToRawIntBits(words[w++]);
            dst[off + i] = (byte) bits;
            dst[off + i + 1] = (byte) (bits >>> 8);
            dst[off + i + 2] = (byte) (bits >>> 16);
            dst[off + i + 3] = (byte) (bits >>> 24);
        }
    }

    /** Copies little-endian bytes into the words; addr and len are multiples of 4. */
    public void writeBytes(long addr, byte[] src, int off, int len) {
        int w = (int) (addr >>> 2);
        for (int i = 0; i < len; i += 4) {
            int bits = (src[off + i] & 0xFF) | (src[off + i + 1] & 0xFF) << 8 | (src[off + i + 2] & 0xFF) << 16
                    | (src[off + i + 3] & 0xFF) << 24;
            words[w++] = Float.intBitsToFloat(bits);
        }
    }
}
