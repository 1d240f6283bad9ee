package io.github.fp8sim.isa;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.VectorOp;
import java.util.Locale;

/**
 * Instructions to canonical assembly text: every operand the instruction reads, always in the same order,
 * addresses in upper-case hex with {@code 0x}, counts and strides in decimal, immediates as the shortest
 * decimal that reads back to the same float (hex bits for NaN and Inf). {@link Assembler} reads it back to
 * the same record, so {@code disasm(asm(text))} is the canonical form of {@code text}.
 */
public final class Disassembler {
    private Disassembler() {
    }

    /** One instruction, one line, no newline. */
    public static String disassemble(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> {
                Line line = new Line("dma.load")
                        .kv("dst", local(d.dst(), d.localAddr()))
                        .kv("dram", hex(d.dramAddr()))
                        .kv("rows", d.rows())
                        .kv("bytes", d.rowBytes())
                        .kv("dram_stride", d.dramStride())
                        .kv("local_stride", d.localStride());
                if (d.dst() == Space.ACC) {   // the scratchpad form has no conversion fields
                    line.kv("from", d.convertFrom() == null ? "raw" : d.convertFrom().text())
                            .kv("write", d.accumulate() ? "accumulate" : "overwrite");
                }
                yield line.text();
            }
            case DmaStore d -> new Line("dma.store")
                    .kv("src", local(d.src(), d.localAddr()))
                    .kv("dram", hex(d.dramAddr()))
                    .kv("rows", d.rows())
                    .kv("bytes", d.rowBytes())
                    .kv("local_stride", d.localStride())
                    .kv("dram_stride", d.dramStride())
                    .text();
            case Gemm g -> new Line("gemm")
                    .kv("c", local(Space.ACC, g.cAddr()))
                    .kv("a", local(Space.SPAD, g.aAddr()))
                    .kv("b", local(Space.SPAD, g.bAddr()))
                    .kv("m", g.m())
                    .kv("n", g.n())
                    .kv("k", g.k())
                    .kv("lda", g.lda())
                    .kv("ldb", g.ldb())
                    .kv("ldc", g.ldc())
                    .kv("df", g.dataflow().text())
                    .kv("fa", g.aFormat().text())
                    .kv("fb", g.bFormat().text())
                    .kv("init", g.accumulate() ? "accumulate"
                            : g.preload() ? "preload:" + local(Space.ACC, g.preloadAddr()) : "zero")
                    .text();
            case Quantize q -> new Line("quant")
                    .kv("dst", local(Space.SPAD, q.dstAddr()))
                    .kv("src", local(Space.ACC, q.srcAddr()))
                    .kv("rows", q.rows())
                    .kv("cols", q.cols())
                    .kv("src_ld", q.srcLd())
                    .kv("dst_ld", q.dstLd())
                    .kv("fmt", q.format().text())
                    .kv("rnd", q.rounding().text())
                    .kv("sr_bits", q.srBits())
                    .kv("ovf", q.overflow().text())
                    .kv("scale", q.scaleExp())
                    .text();
            case VectorOp v -> vectorOp(v);
            case Config c -> new Line("config").kv(c.key().text(), c.value()).text();
            case Fence f -> {
                Line line = new Line("fence");
                if (f.dma()) {
                    line.word("dma");
                }
                if (f.mac()) {
                    line.word("mac");
                }
                if (f.vector()) {
                    line.word("vector");
                }
                yield line.text();
            }
            case Halt h -> "halt";
        };
    }

    /** The program, one instruction per line, each line ending in a newline. */
    public static String disassemble(Program program) {
        StringBuilder out = new StringBuilder();
        for (Instruction insn : program.instructions()) {
            out.append(disassemble(insn)).append('\n');
        }
        return out.toString();
    }

    private static String vectorOp(VectorOp v) {
        boolean binary = v.func().arity() == VectorFunc.Arity.BINARY;
        Broadcast mode = v.bMode();
        Line line = new Line("vop." + v.func().text())
                .kv("dst", local(Space.ACC, v.dstAddr()))
                .kv("a", local(Space.ACC, v.aAddr()));
        if (binary && mode != Broadcast.IMM) {
            line.kv("b", local(Space.ACC, v.bAddr()));
        }
        line.kv("rows", v.rows())
                .kv("cols", v.cols())
                .kv("dst_ld", v.dstLd())
                .kv("a_ld", v.aLd());
        if (binary && (mode == Broadcast.NONE || mode == Broadcast.COL)) {
            line.kv("b_ld", v.bLd());
        }
        if (binary) {
            line.kv("bcast", mode.text());
        }
        if (binary && mode == Broadcast.IMM) {
            line.kv("imm", imm(v.immBits()));
        }
        return line.text();
    }

    /** {@code 0x} and upper-case hex digits, no padding. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }

    private static String local(Space space, long addr) {
        return space.text() + ":" + hex(addr);
    }

    /** Finite values as the shortest decimal that reads back to the same float; NaN and Inf as bits. */
    static String imm(int bits) {
        float f = Float.intBitsToFloat(bits);
        return Float.isFinite(f) ? Float.toString(f) : String.format(Locale.ROOT, "0x%08X", bits);
    }

    private static final class Line {
        private final StringBuilder sb;

        Line(String mnemonic) {
            sb = new StringBuilder(mnemonic);
        }

        Line kv(String key, String value) {
            sb.append(' ').append(key).append('=').append(value);
            return this;
        }

        Line kv(String key, long value) {
            return kv(key, Long.toString(value));
        }

        Line word(String word) {
            sb.append(' ').append(word);
            return this;
        }

        String text() {
            return sb.toString();
        }
    }
}
