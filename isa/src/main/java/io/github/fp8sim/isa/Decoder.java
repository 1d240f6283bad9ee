package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * 256-bit encodings back to instruction records. Anything else ends in {@link IllegalInstructionException}:
 * an unknown opcode, a reserved bit set, an enum code no constant has, or field values the record rejects.
 */
public final class Decoder {
    private Decoder() {
    }

    /** Decodes instruction {@code index} of a bare instruction stream (byte offset {@code 32 * index}). */
    public static Instruction decode(long[] words, int index) {
        return decode(words, index, (long) index * Opcode.INSTRUCTION_BYTES, null);
    }

    /** Decodes the 32 little-endian bytes at {@code offset}, instruction {@code index} of {@code source}. */
    public static Instruction decode(byte[] bytes, int offset, int index, String source) {
        Objects.checkFromIndexSize(offset, Opcode.INSTRUCTION_BYTES, bytes.length);
        long[] words = new long[Opcode.WORDS];
        for (int i = 0; i < Opcode.WORDS; i++) {
            long w = 0;
            for (int b = 7; b >= 0; b--) {
                w = (w << 8) | (bytes[offset + 8 * i + b] & 0xFF);
            }
            words[i] = w;
        }
        return decode(words, index, offset, source);
    }

    /**
     * Decodes four words.
     *
     * @param words      the instruction, word 0 first
     * @param index      its 0-based index, for messages
     * @param byteOffset its byte offset in {@code source}, for messages
     * @param source     a file or buffer name for messages, or null
     */
    public static Instruction decode(long[] words, int index, long byteOffset, String source) {
        if (words.length != Opcode.WORDS) {
            throw new IllegalArgumentException("an instruction is " + Opcode.WORDS + " words, got " + words.length);
        }
        Reader r = new Reader(words, index, byteOffset, source);
        int code = (int) Bits.get(words, Opcode.OPCODE_FIELD);
        Opcode op = Opcode.fromCode(code).orElseThrow(() -> r.illegal(String.format(Locale.ROOT,
                "unknown opcode 0x%02X in word 0 = %s", code, hex(words[0]))));
        r.op = op;
        r.checkReserved();
        try {
            return switch (op) {
                case DMA_LOAD -> new DmaLoad(r.code("space", Space::fromCode), r.u("dram_addr"),
                        r.u("local_addr"), r.i("rows"), r.i("row_bytes"), r.u("dram_stride"), r.u("local_stride"),
                        r.i("convert") == 0 ? null : r.code("convert", c -> NumFormat.fromCode(c - 1)),
                        r.i("accumulate") != 0);
                case DMA_STORE -> new DmaStore(r.code("space", Space::fromCode), r.u("local_addr"),
                        r.u("dram_addr"), r.i("rows"), r.i("row_bytes"), r.u("local_stride"), r.u("dram_stride"));
                case GEMM -> new Gemm(r.u("c_addr"), r.u("a_addr"), r.u("b_addr"), r.i("m"), r.i("n"), r.i("k"),
                        r.i("lda"), r.i("ldb"), r.i("ldc"), r.code("dataflow", Dataflow::fromCode),
                        r.code("a_format", NumFormat::fromCode), r.code("b_format", NumFormat::fromCode),
                        r.flag("accumulate"), r.flag("preload"), r.u("preload_addr"));
                case QUANT -> new Quantize(r.u("dst_addr"), r.u("src_addr"), r.i("rows"), r.i("cols"),
                        r.i("src_ld"), r.i("dst_ld"), r.code("format", NumFormat::fromCode),
                        r.code("rounding", RoundMode::fromCode), r.code("overflow", OverflowMode::fromCode),
                        r.i("sr_bits"), r.i("scale_exp"));
                case VOP -> new VectorOp(r.code("func", VectorFunc::fromCode), r.u("dst_addr"), r.u("a_addr"),
                        r.u("b_addr"), r.i("rows"), r.i("cols"), r.i("dst_ld"), r.i("a_ld"), r.i("b_ld"),
                        r.code("bcast", Broadcast::fromCode), r.i("imm"));
                case CONFIG -> new Config(r.code("key", ConfigKey::fromCode), r.u("value"));
                case FENCE -> new Fence(r.flag("dma"), r.flag("mac"), r.flag("vector"));
                case HALT -> new Halt();
            };
        } catch (IllegalArgumentException e) {
            // Field combinations the record rejects (e.g. a gemm on FP16 operands, a fence on no unit).
            throw r.illegal("invalid " + op.mnemonic() + ": " + e.getMessage() + "; words " + hex(words[0]) + ", "
                    + hex(words[1]) + ", " + hex(words[2]) + ", " + hex(words[3]));
        }
    }

    static String hex(long word) {
        return String.format(Locale.ROOT, "0x%016X", word);
    }

    /** Field access for one instruction, turning every failure into an IllegalInstructionException. */
    private static final class Reader {
        final long[] words;
        final int index;
        final long byteOffset;
        final String source;
        Opcode op;

        Reader(long[] words, int index, long byteOffset, String source) {
            this.words = words;
            this.index = index;
            this.byteOffset = byteOffset;
            this.source = source;
        }

        IllegalInstructionException illegal(String problem) {
            return new IllegalInstructionException(source, index, byteOffset, words, problem);
        }

        void checkReserved() {
            long[] used = op.usedMask();
            List<String> ranges = new ArrayList<>();
            List<String> badWords = new ArrayList<>();
            for (int w = 0; w < Opcode.WORDS; w++) {
                long bad = words[w] & ~used[w];
                if (bad != 0) {
                    badWords.add("word " + w + " = " + hex(words[w]));
                    addRanges(ranges, bad, 64 * w);
                }
            }
            if (!ranges.isEmpty()) {
                throw illegal("reserved " + String.join(", ", ranges) + " of " + op.mnemonic()
                        + " must be zero in " + String.join(", ", badWords));
            }
        }

        /** Appends "bit 9" / "bits 10..15" for each run of set bits of {@code bits}, numbered from {@code base}. */
        private static void addRanges(List<String> out, long bits, int base) {
            int b = 0;
            while (b < 64) {
                if ((bits >>> b & 1) == 0) {
                    b++;
                    continue;
                }
                int start = b;
                while (b < 64 && (bits >>> b & 1) != 0) {
                    b++;
                }
                out.add(b - 1 == start ? "bit " + (base + start) : "bits " + (base + start) + ".." + (base + b - 1));
            }
        }

        long u(String name) {
            return Bits.get(words, op.field(name));
        }

        int i(String name) {
            return (int) Bits.get(words, op.field(name));
        }

        boolean flag(String name) {
            return Bits.get(words, op.field(name)) != 0;
        }

        <E> E code(String name, IntFunction<E> fromCode) {
            Field f = op.field(name);
            int value = (int) Bits.get(words, f);
            try {
                return fromCode.apply(value);
            } catch (IllegalArgumentException e) {
                throw illegal(op.mnemonic() + " field " + f + " = " + value + " in word " + (f.lsb() / 64) + " = "
                        + hex(words[f.lsb() / 64]) + ": " + e.getMessage());
            }
        }
    }
}
