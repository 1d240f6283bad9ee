package io.github.fp8sim.isa;

import java.util.Locale;

/** A program file that is not in the binary format: bad magic or version, truncated, count mismatch. */
public final class ProgramFormatException extends IsaException {
    private final String fileName;
    private final long byteOffset;

    /**
     * A program file whose framing is wrong.
     *
     * @param fileName   the file
     * @param byteOffset where the problem is
     * @param problem    what was expected and what was found
     */
    public ProgramFormatException(String fileName, long byteOffset, String problem) {
        super(fileName + ": byte offset 0x" + Long.toHexString(byteOffset).toUpperCase(Locale.ROOT) + ": " + problem);
        this.fileName = fileName;
        this.byteOffset = byteOffset;
    }

    /** The file name. */
    public String fileName() {
        return fileName;
    }

    /** Where the problem is. */
    public long byteOffset() {
        return byteOffset;
    }
}
