package io.github.fp8sim.workloads.weights;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.fp8sim.runtime.io.AtomicOutput;
import io.github.fp8sim.runtime.io.InputException;
import io.github.fp8sim.workloads.tensor.TensorShape;

/**
 * The fp8sim weight file, format version 1: named float32 tensors, little-endian throughout.
 *
 * <pre>
 * magic     8 bytes   ASCII "FP8SIMW1" (the final '1' is the format version)
 * count     int32     number of tensors, &gt;= 0
 * then per tensor, in order:
 *   nameLen int32     1..4096
 *   name    nameLen bytes of UTF-8, unique in the file
 *   rank    int32     0..8
 *   dims    rank x int32, each &gt;= 1
 *   data    numel x float32 (IEEE 754 binary32 bit patterns as stored, row-major)
 * end of file: nothing may follow the last tensor
 * </pre>
 *
 * Exporting from PyTorch is a few lines over {@code model.state_dict()} with {@code struct.pack('<i', ...)}
 * and {@code tensor.numpy().astype('<f4').tobytes()}; the ResNet builders use torchvision's names.
 * Every read error is an {@link InputException} naming the file and, past the header, the tensor.
 */
public final class WeightFile {

    /** The magic string, including the format version digit. */
    public static final String MAGIC = "FP8SIMW1";
    /** The longest tensor name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 4096;
    /** The highest rank. */
    public static final int MAX_RANK = 8;

    private WeightFile() {}

    /**
     * Writes {@code tensors} to {@code file}, all or nothing. The whole file is assembled in memory first,
     * so it must stay below 2 GiB (about 500 M parameters).
     *
     * @throws IllegalArgumentException if two tensors share a name or a name is too long
     * @throws InputException if the file cannot be written
     */
    public static void write(Path file, List<StoredTensor> tensors) {
        long size = MAGIC.length() + 4L;
        Set<String> names = new HashSet<>();
        for (StoredTensor t : tensors) {
            int nameBytes = t.name().getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes < 1 || nameBytes > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("tensor '" + t.name() + "': name must be 1.." + MAX_NAME_BYTES + " UTF-8 bytes");
            }
            if (t.shape().rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensor '" + t.name() + "': rank " + t.shape().rank() + " > " + MAX_RANK);
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
            size += 4L + nameBytes + 4L + 4L * t.shape().rank() + 4L * t.values().length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(file + ": " + size + " bytes is too large for one weight file");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
        buf.putInt(tensors.size());
        for (StoredTensor t : tensors) {
            byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
            buf.putInt(name.length).put(name);
            buf.putInt(t.shape().rank());
            for (int d : t.shape().dims()) {
                buf.putInt(d);
            }
            for (float v : t.values()) {
                buf.putInt(Float.floatToRawIntBits(v));
            }
        }
        AtomicOutput.writeBytes(file, buf.array());
    }

    /**
     * Reads every tensor of {@code file}, in file order.
     *
     * @throws InputException naming the file (and the tensor, past the header) if it is missing,
     *                        truncated or malformed
     */
    public static List<StoredTensor> read(Path file) {
        String f = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Reader r = new Reader(in, Files.size(file));
            byte[] magic = r.bytes(MAGIC.length(), f, "the header");
            if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
                throw new InputException(f + ": not an fp8sim weight file (expected magic '" + MAGIC + "' at offset 0)");
            }
            int count = r.int32(f, "the header");
            if (count < 0) {
                throw new InputException(f + ": negative tensor count " + count);
            }
            List<StoredTensor> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String where = "tensor #" + i;
                int nameLen = r.int32(f, where);
                if (nameLen < 1 || nameLen > MAX_NAME_BYTES) {
                    throw new InputException(f + ": " + where + ": name length " + nameLen + " is not in 1.." + MAX_NAME_BYTES);
                }
                String name = utf8(r.bytes(nameLen, f, where), f, where);
                where = "tensor '" + name + "'";
                if (!names.add(name)) {
                    throw new InputException(f + ": " + where + " appears twice");
                }
                int rank = r.int32(f, where);
                if (rank < 0 || rank > MAX_RANK) {
                    throw new InputException(f + ": " + where + ": rank " + rank + " is not in 0.." + MAX_RANK);
                }
                int[] dims = new int[rank];
                long numel = 1;
                for (int d = 0; d < rank; d++) {
                    dims[d] = r.int32(f, where);
                    if (dims[d] < 1) {
                        throw new InputException(f + ": " + where + ": dimension " + d + " is " + dims[d] + ", must be >= 1");
                    }
                    numel *= dims[d];
                    if (numel > Integer.MAX_VALUE - 8) {
                        throw new InputException(f + ": " + where + ": too many elements for one tensor");
                    }
                }
                float[] values = r.floats((int) numel, f, where);
                out.add(new StoredTensor(name, new TensorShape(dims), values));
            }
            if (in.read() != -1) {
                throw new InputException(f + ": unexpected bytes after the last tensor (offset " + r.offset + ")");
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new InputException(f + ": no such file");
        } catch (IOException e) {
            throw new InputException(f + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String utf8(byte[] bytes, String f, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(f + ": " + where + ": the name is not valid UTF-8");
        }
    }

    /** Little-endian reads that know their offset, so a short file is reported where it ended. */
    private static final class Reader {
        private final InputStream in;
        private final long size;
        private final byte[] chunk = new byte[1 << 16];
        private long offset;

        Reader(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        byte[] bytes(int n, String f, String where) throws IOException {
            byte[] b = new byte[n];
            fill(b, n, f, where);
            return b;
        }

        int int32(String f, String where) throws IOException {
            byte[] b = bytes(4, f, where);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        float[] floats(int n, String f, String where) throws IOException {
            // A header may claim billions of values; check the file holds them before allocating them.
            long available = Math.max(0, size - offset) / 4;
            if (n > available) {
                throw new InputException(f + ": " + where + ": the file ends after " + available + " of " + n
                        + " float32 values");
            }
            float[] out = new float[n];
            int done = 0;
            while (done < n) {
                int take = Math.min(n - done, chunk.length / 4);
                int got = readUpTo(chunk, take * 4);
                if (got < take * 4) {
                    throw new InputException(f + ": " + where + ": the file ends after " + (done + got / 4) + " of " + n
                            + " float32 values");
                }
                ByteBuffer.wrap(chunk, 0, take * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, done, take);
                done += take;
            }
            return out;
        }

        private void fill(byte[] b, int n, String f, String where) throws IOException {
            long at = offset;
            if (readUpTo(b, n) < n) {
                throw new InputException(f + ": " + where + ": unexpected end of file at offset " + offset
                        + " (reading " + n + " bytes from offset " + at + ")");
            }
        }

        /** Reads up to {@code n} bytes into {@code b}; fewer only at the end of the file. */
        private int readUpTo(byte[] b, int n) throws IOException {
            int got = 0;
            while (got < n) {
                int k = in.read(b, got, n - got);
                if (k < 0) {
                    break;
                }
                got += k;
            }
            offset += got;
            return got;
        }
    }
}
