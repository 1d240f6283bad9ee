package io.github.fp8sim.runtime.memory;

/** An access outside a memory or misaligned for it; the interpreter adds which instruction made it. */
public class AccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessException(String message) {
        super(message, null, false, false);
    }

    /**
     * Checks that the 2-D region of {@code rows} rows of {@code rowBytes} bytes, {@code stride} bytes
     * apart, starting at {@code addr}, lies inside [0, size).
     */
    public static void checkRegion(String memory, long addr, long rows, long rowBytes, long stride, long size) {
        if (rows <= 0 || rowBytes <= 0) {
            return;
        }
        long end = addr + (rows - 1) * stride + rowBytes;   // all fields are < 2^48, no overflow
        if (addr < 0 || end > size || stride < 0) {
            throw new AccessException(String.format("%s region [0x%X, 0x%X) (%d rows of %d bytes, stride %d) is outside [0, 0x%X)",
                    memory, addr, end, rows, rowBytes, stride, size));
        }
    }
}
