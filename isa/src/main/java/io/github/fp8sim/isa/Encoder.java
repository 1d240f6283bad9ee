package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.VectorOp;

/** Instruction records to their 256-bit encoding, field by field through the {@link Opcode} layout. */
public final class Encoder {
    private Encoder() {
    }

    /** The fields both DMA directions share (their layouts are the same but for the load's conversion bits). */
    private static void dma(Words w, int space, int rows, int rowBytes, long dram, long local, long dramStride, long localStride) {
        w.put("space", space);
        w.put("rows", rows);
        w.put("row_bytes", rowBytes);
        w.put("dram_addr", dram);
        w.put("local_addr", local);
        w.put("dram_stride", dramStride);
        w.put("local_stride", localStride);
    }

    /** The instruction as four 64-bit words (word 0 holds bits 0..63). */
    public static long[] encode(Instruction insn) {
        Words w = new Words(Opcode.of(insn));
        switch (insn) {
            case DmaLoad d -> {
                dma(w, d.dst().code(), d.rows(), d.rowBytes(), d.dramAddr(), d.localAddr(), d.dramStride(), d.localStride());
                w.put("convert", d.convertFrom() == null ? 0 : d.convertFrom().code() + 1);
                w.put("accumulate", d.accumulate() ? 1 : 0);
            }
            case DmaStore d ->
                dma(w, d.src().code(), d.rows(), d.rowBytes(), d.dramAddr(), d.localAddr(), d.dramStride(), d.localStride());
            case Gemm g -> {
                w.put("dataflow", g.dataflow().code());
                w.put("accumulate", g.accumulate());
                w.put("preload", g.preload());
                w.put("a_format", g.aFormat().code());
                w.put("b_format", g.bFormat().code());
                w.put("c_addr", g.cAddr());
                w.put("a_addr", g.aAddr());
                w.put("b_addr", g.bAddr());
                w.put("m", g.m());
                w.put("n", g.n());
                w.put("k", g.k());
                w.put("lda", g.lda());
                w.put("ldb", g.ldb());
                w.put("ldc", g.ldc());
                w.put("preload_addr", g.preloadAddr());
            }
            case Quantize q -> {
                w.put("format", q.format().code());
                w.put("rounding", q.rounding().code());
                w.put("overflow", q.overflow().code());
                w.put("sr_bits", q.srBits());
                w.put("scale_exp", q.scaleExp());
                w.put("dst_addr", q.dstAddr());
                w.put("src_addr", q.srcAddr());
                w.put("rows", q.rows());
                w.put("cols", q.cols());
                w.put("src_ld", q.srcLd());
                w.put("dst_ld", q.dstLd());
            }
            case VectorOp v -> {
                w.put("func", v.func().code());
                w.put("bcast", v.bMode().code());
                w.put("imm", Integer.toUnsignedLong(v.immBits()));
                w.put("dst_addr", v.dstAddr());
                w.put("a_addr", v.aAddr());
                w.put("b_addr", v.bAddr());
                w.put("rows", v.rows());
                w.put("cols", v.cols());
                w.put("dst_ld", v.dstLd());
                w.put("a_ld", v.aLd());
                w.put("b_ld", v.bLd());
            }
            case Config c -> {
                w.put("key", c.key().code());
                w.put("value", c.value());
            }
            case Fence f -> {
                w.put("dma", f.dma());
                w.put("mac", f.mac());
                w.put("vector", f.vector());
            }
            case Halt h -> {
                // the opcode alone
            }
        }
        return w.words;
    }

    /** The instruction as 32 little-endian bytes. */
    public static byte[] encodeBytes(Instruction insn) {
        byte[] out = new byte[Opcode.INSTRUCTION_BYTES];
        encodeInto(insn, out, 0);
        return out;
    }

    /** Writes the instruction's 32 little-endian bytes at {@code offset}. */
    public static void encodeInto(Instruction insn, byte[] dst, int offset) {
        long[] words = encode(insn);
        for (int i = 0; i < Opcode.WORDS; i++) {
            for (int b = 0; b < 8; b++) {
                dst[offset + 8 * i + b] = (byte) (words[i] >>> (8 * b));
            }
        }
    }

    /** An instruction being assembled: the opcode byte set, fields written by name. */
    private static final class Words {
        final Opcode op;
        final long[] words = new long[Opcode.WORDS];

        Words(Opcode op) {
            this.op = op;
            Bits.set(words, Opcode.OPCODE_FIELD, op.code());
        }

        void put(String name, long value) {
            Field f = op.field(name);
            long min = f.signed() ? -(1L << (f.width() - 1)) : 0;
            long max = f.signed() ? (1L << (f.width() - 1)) - 1 : Bits.mask(f.width());
            // The records check their ranges; a failure here means a record and the layout disagree.
            if (value < min || value > max) {
                throw new IllegalStateException(op.mnemonic() + " field " + f + " cannot hold " + value);
            }
            Bits.set(words, f, value);
        }

        void put(String name, boolean flag) {
            put(name, flag ? 1 : 0);
        }
    }
}
