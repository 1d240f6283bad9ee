package io.github.fp8sim.isa;

import static io.github.fp8sim.isa.Field.signed;
import static io.github.fp8sim.isa.Field.unsigned;

import io.github.fp8sim.isa.insn.Config;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.DmaStore;
import io.github.fp8sim.isa.insn.Fence;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.Halt;
import io.github.fp8sim.isa.insn.Instruction;
import io.github.fp8sim.isa.insn.Quantize;
import io.github.fp8sim.isa.insn.VectorOp;
import io.github.fp8sim.isa.insn.Widths;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The opcode table: mnemonic, opcode number and field layout of every instruction. This is the only
 * place a bit position is written (Spike's {@code encoding.h}); {@link Encoder}, {@link Decoder},
 * {@link Assembler} and {@link Disassembler} read it.
 *
 * <p>Every instruction is 256 bits = 32 bytes = four 64-bit words, little-endian: bit b is bit
 * {@code b % 64} of word {@code b / 64}, and word w is bytes {@code 8w..8w+7}, least significant first.
 * Bits 0..7 are the opcode. Bits no field covers are reserved and must be zero. Enum fields hold the
 * enum's {@code code()}; {@code scale_exp} and {@code value} are two's complement; flags are one bit.
 * No field crosses a word boundary.
 *
 * <p>Worked example (pinned by {@code OpcodeTest}):
 * {@code dma.load dst=acc:0x80 dram=0x123456789ABC rows=3 bytes=64 dram_stride=256 local_stride=64}
 * <pre>
 *   word 0 = opcode 0x10 | space ACC=2 &lt;&lt; 8 | rows 3 &lt;&lt; 16 | row_bytes 64 &lt;&lt; 32 = 0x0000004000030210
 *   word 1 = dram_addr 0x123456789ABC                                     = 0x0000123456789ABC
 *   word 2 = local_addr 0x80 | dram_stride 256 &lt;&lt; (160 - 128)             = 0x0000010000000080
 *   word 3 = local_stride 64                                             = 0x0000000000000040
 *   bytes  = 10 02 03 00 40 00 00 00  BC 9A 78 56 34 12 00 00
 *            80 00 00 00 00 01 00 00  40 00 00 00 00 00 00 00
 * </pre>
 *
 * <p>Opcode numbers are grouped by unit: 0x0_ control, 0x1_ DMA, 0x2_ MAC array, 0x3_ conversion,
 * 0x4_ vector unit. 0x00 is not an opcode, so zeroed memory never decodes.
 */
public enum Opcode {
    /** {@link Halt}. */
    HALT("halt", 0x01),
    /** {@link Fence}. */
    FENCE("fence", 0x02,
            unsigned("dma", 8, Widths.FLAG),
            unsigned("mac", 9, Widths.FLAG),
            unsigned("vector", 10, Widths.FLAG)),
    /** {@link Config}. */
    CONFIG("config", 0x03,
            unsigned("key", 8, Widths.CONFIG_KEY),
            signed("value", 16, Widths.CONFIG_VALUE)),
    /** {@link DmaLoad}; {@code space} is the destination. */
    DMA_LOAD("dma.load", 0x10, dmaLoadLayout()),
    /** {@link DmaStore}; {@code space} is the source. */
    DMA_STORE("dma.store", 0x11, dmaLayout()),
    /** {@link Gemm}. */
    GEMM("gemm", 0x20,
            unsigned("dataflow", 8, Widths.DATAFLOW),
            unsigned("accumulate", 10, Widths.FLAG),
            unsigned("preload", 11, Widths.FLAG),
            unsigned("a_format", 16, Widths.NUM_FORMAT),
            unsigned("b_format", 20, Widths.NUM_FORMAT),
            unsigned("c_addr", 32, Widths.LOCAL_ADDR),
            unsigned("a_addr", 64, Widths.LOCAL_ADDR),
            unsigned("b_addr", 96, Widths.LOCAL_ADDR),
            unsigned("m", 128, Widths.DIM),
            unsigned("n", 144, Widths.DIM),
            unsigned("k", 160, Widths.DIM),
            unsigned("lda", 176, Widths.DIM),
            unsigned("ldb", 192, Widths.DIM),
            unsigned("ldc", 208, Widths.DIM),
            unsigned("preload_addr", 224, Widths.LOCAL_ADDR)),
    /** {@link Quantize}. */
    QUANT("quant", 0x30,
            unsigned("format", 8, Widths.NUM_FORMAT),
            unsigned("rounding", 12, Widths.ROUND_MODE),
            unsigned("overflow", 14, Widths.OVERFLOW_MODE),
            unsigned("sr_bits", 16, Widths.SR_BITS),
            signed("scale_exp", 24, Widths.SCALE_EXP),
            unsigned("dst_addr", 32, Widths.LOCAL_ADDR),
            unsigned("src_addr", 64, Widths.LOCAL_ADDR),
            unsigned("rows", 96, Widths.DIM),
            unsigned("cols", 112, Widths.DIM),
            unsigned("src_ld", 128, Widths.DIM),
            unsigned("dst_ld", 144, Widths.DIM)),
    /** {@link VectorOp}; the text mnemonic is {@code vop.<func>}. */
    VOP("vop", 0x40,
            unsigned("func", 8, Widths.VECTOR_FUNC),
            unsigned("bcast", 16, Widths.BROADCAST),
            unsigned("imm", 32, Widths.IMM),
            unsigned("dst_addr", 64, Widths.LOCAL_ADDR),
            unsigned("a_addr", 96, Widths.LOCAL_ADDR),
            unsigned("b_addr", 128, Widths.LOCAL_ADDR),
            unsigned("rows", 160, Widths.DIM),
            unsigned("cols", 176, Widths.DIM),
            unsigned("dst_ld", 192, Widths.DIM),
            unsigned("a_ld", 208, Widths.DIM),
            unsigned("b_ld", 224, Widths.DIM));

    /** Bytes per instruction. */
    public static final int INSTRUCTION_BYTES = 32;
    /** 64-bit words per instruction. */
    public static final int WORDS = 4;
    /** Bits per instruction. */
    public static final int BITS = 256;
    /** The opcode byte, common to every layout. */
    public static final Field OPCODE_FIELD = opcodeField();

    private final String mnemonic;
    private final int code;
    private final List<Field> fields;
    private final long[] usedMask;

    Opcode(String mnemonic, int code, Field... fields) {
        this.mnemonic = mnemonic;
        this.code = code;
        this.fields = List.of(fields);
        this.usedMask = new long[WORDS];
        Bits.cover(usedMask, opcodeField());
        for (Field f : fields) {
            Bits.cover(usedMask, f);
        }
    }

    private static Field opcodeField() {
        return unsigned("opcode", 0, Widths.OPCODE);
    }

    private static Field[] dmaLoadLayout() {
        Field[] base = dmaLayout();
        Field[] all = java.util.Arrays.copyOf(base, base.length + 2);
        all[base.length] = unsigned("convert", 10, Widths.LOAD_CONVERT);
        all[base.length + 1] = unsigned("accumulate", 14, Widths.FLAG);
        return all;
    }

    private static Field[] dmaLayout() {
        return new Field[] {
            unsigned("space", 8, Widths.SPACE),
            unsigned("rows", 16, Widths.DIM),
            unsigned("row_bytes", 32, Widths.DIM),
            unsigned("dram_addr", 64, Widths.DRAM_ADDR),
            unsigned("local_addr", 128, Widths.LOCAL_ADDR),
            unsigned("dram_stride", 160, Widths.STRIDE),
            unsigned("local_stride", 192, Widths.STRIDE),
        };
    }

    /** The assembly mnemonic ({@code vop} is followed by {@code .func} in text). */
    public String mnemonic() {
        return mnemonic;
    }

    /** The opcode number, bits 0..7 of word 0. */
    public int code() {
        return code;
    }

    /** The fields after the opcode byte, in layout order. */
    public List<Field> fields() {
        return fields;
    }

    /** The field called {@code name}; IllegalArgumentException when this layout has none. */
    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(mnemonic + " has no field '" + name + "'");
    }

    /** The bits the opcode byte and the fields cover, as four words; every other bit must be zero. */
    public long[] usedMask() {
        return usedMask.clone();
    }

    /** The opcode with number {@code code}, if any. */
    public static Optional<Opcode> fromCode(int code) {
        return Arrays.stream(values()).filter(o -> o.code == code).findFirst();
    }

    /** The opcode of an instruction record. */
    public static Opcode of(Instruction insn) {
        return switch (insn) {
            case DmaLoad d -> DMA_LOAD;
            case DmaStore d -> DMA_STORE;
            case Gemm g -> GEMM;
            case Quantize q -> QUANT;
            case VectorOp v -> VOP;
            case Config c -> CONFIG;
            case Fence f -> FENCE;
            case Halt h -> HALT;
        };
    }
}
