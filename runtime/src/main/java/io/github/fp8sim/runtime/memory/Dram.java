package io.github.fp8sim.runtime.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Off-chip memory, byte-addressed, sparse: 64 KiB pages are allocated on first write and read as
 * zeros before that, so a 16 GiB DRAM costs only what a program touches.
 */
public final class Dram {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;

    private final long size;
    private final Map<Long, byte[]> pages = new HashMap<>();

    public Dram(long size) {
        this.size = size;
    }

    public long size() {
        return size;
    }

    /** Copies {@code len} bytes at {@code addr} into {@code dst}. */
    public void read(long addr, byte[] dst, int off, int len) {
        AccessException.checkRegion("DRAM", addr, 1, len, 0, size);
        int done = 0;
        while (done < len) {
            long a = addr + done;
            int inPage = (int) (a & (PAGE - 1));
            int n = Math.min(len - done, PAGE - inPage);
            byte[] page = pages.get(a >>> PAGE_BITS);
            if (page == null) {
                java.util.Arrays.fill(dst, off + done, off + done + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, dst, off + done, n);
            }
            done += n;
        }
    }

    /** Copies {@code len} bytes from {@code src} to {@code addr}. */
    public void write(long addr, byte[] src, int off, int len) {
        AccessException.checkRegion("DRAM", addr, 1, len, 0, size);
        int done = 0;
        while (done < len) {
            long a = addr + done;
            int inPage = (int) (a & (PAGE - 1));
            int n = Math.min(len - done, PAGE - inPage);
            byte[] page = pages.computeIfAbsent(a >>> PAGE_BITS, k -> new byte[PAGE]);
            System.arraycopy(src, off + done, page, inPage, n);
            done += n;
        }
    }

    /** Bytes of DRAM actually allocated (for reports). */
    public long residentBytes() {
        return (long) pages.size() * PAGE;
    }
}
