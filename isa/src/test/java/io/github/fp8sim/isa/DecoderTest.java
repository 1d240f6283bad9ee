package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.isa.insn.Instruction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Bits that are not an instruction end in IllegalInstructionException naming the word and where it is. */
class DecoderTest {
    private static final int INDEX = 5;

    @Test
    void everyUnusedOpcodeNumberIsRejected() {
        int rejected = 0;
        for (int code = 0; code < 256; code++) {
            if (Opcode.fromCode(code).isPresent()) {
                continue;
            }
            long[] words = {0xABCD_0000_0000_0000L | code, 0, 0, 0};
            IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                    () -> Decoder.decode(words, INDEX));
            assertEquals("instruction 5 (byte offset 0xA0): unknown opcode " + hex2(code) + " in word 0 = "
                    + hex(words[0]), e.getMessage());
            assertEquals(INDEX, e.index());
            assertEquals(0xA0, e.byteOffset());
            rejected++;
        }
        assertEquals(256 - Opcode.values().length, rejected);
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void everyReservedBitIsRejectedOnItsOwn(Opcode op) {
        long[] used = op.usedMask();
        int reserved = 0;
        for (Instruction insn : List.of(RandomInstructions.sample(op), maxOf(op))) {
            long[] valid = Encoder.encode(insn);
            for (int bit = 0; bit < Opcode.BITS; bit++) {
                int w = bit / 64;
                if ((used[w] >>> (bit % 64) & 1) != 0) {
                    continue;
                }
                long[] words = valid.clone();
                words[w] ^= 1L << (bit % 64);
                IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                        () -> Decoder.decode(words, INDEX), op + " with reserved bit " + bit + " set");
                assertEquals("instruction 5 (byte offset 0xA0): reserved bit " + bit + " of " + op.mnemonic()
                        + " must be zero in word " + w + " = " + hex(words[w]), e.getMessage());
                reserved++;
            }
        }
        int usedBits = 0;
        for (long m : used) {
            usedBits += Long.bitCount(m);
        }
        assertEquals(2 * (Opcode.BITS - usedBits), reserved);
    }

    @Test
    void severalReservedBitsAreListedAsRangesWithEachWord() {
        long[] words = Encoder.encode(RandomInstructions.sample(Opcode.HALT));
        words[0] |= 0xF00L;
        words[3] |= 1L << 63;
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Decoder.decode(words, 0));
        assertEquals("instruction 0 (byte offset 0x0): reserved bits 8..11, bit 255 of halt must be zero in word 0 = "
                + "0x0000000000000F01, word 3 = 0x8000000000000000", e.getMessage());
    }

    /** Enum codes no constant has; the message names the field, its bits, the value and the word. */
    @ParameterizedTest
    @CsvSource({
        "DMA_LOAD,  space,    3, 'no Space has code 3 (codes 0..2)'",
        "DMA_STORE, space,    3, 'no Space has code 3 (codes 0..2)'",
        "GEMM,      dataflow, 3, 'no Dataflow has code 3 (codes 0..2)'",
        "GEMM,      a_format, 7, 'no NumFormat has code 7 (codes 0..6)'",
        "GEMM,      b_format, 7, 'no NumFormat has code 7 (codes 0..6)'",
        "QUANT,     format,   7, 'no NumFormat has code 7 (codes 0..6)'",
        "QUANT,     rounding, 3, 'no RoundMode has code 3 (codes 0..2)'",
        "VOP,       func,    21, 'no VectorFunc has code 21 (codes 0..20)'",
        "VOP,       func,    31, 'no VectorFunc has code 31 (codes 0..20)'",
        "VOP,       bcast,    5, 'no Broadcast has code 5 (codes 0..4)'",
        "VOP,       bcast,    7, 'no Broadcast has code 7 (codes 0..4)'",
    })
    void outOfRangeEnumCodesAreRejected(Opcode op, String field, long value, String why) {
        Field f = op.field(field);
        long[] words = Encoder.encode(RandomInstructions.sample(op));
        Bits.set(words, f, value);
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Decoder.decode(words, INDEX));
        int w = f.lsb() / 64;
        assertEquals("instruction 5 (byte offset 0xA0): " + op.mnemonic() + " field " + f + " = " + value
                + " in word " + w + " = " + hex(words[w]) + ": " + why, e.getMessage());
    }

    /** Field values that fit their bits but that the record rejects. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DMA_LOAD | space        | 0 | DmaLoad.dst = DRAM is not allowed",
        "GEMM     | a_format     | 4 | Gemm.aFormat = FP16 is not allowed",
        "GEMM     | accumulate   | 1 | Gemm.accumulate and Gemm.preload are both true",
        "QUANT    | sr_bits      | 0 | Quantize.srBits = 0 is out of range 1..31",
        "FENCE    | dma          | 0 | Fence names no unit",
        "VOP      | bcast        | 4 | VectorOp.bAddr = 512 must be 0 when bMode is IMM",
        "VOP      | imm          | 1 | VectorOp.immBits = 1 must be 0 when bMode is NONE",
    })
    void fieldCombinationsTheRecordRejectsAreIllegal(Opcode op, String field, long value, String why) {
        long[] words = Encoder.encode(RandomInstructions.sample(op));
        Bits.set(words, op.field(field), value);
        if (op == Opcode.FENCE) {
            Bits.set(words, op.field("vector"), 0); // the sample fences dma and vector
        }
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Decoder.decode(words, INDEX));
        assertTrue(e.getMessage().startsWith("instruction 5 (byte offset 0xA0): invalid " + op.mnemonic() + ": "
                + why), e.getMessage());
        assertTrue(e.getMessage().endsWith("; words " + hex(words[0]) + ", " + hex(words[1]) + ", " + hex(words[2])
                + ", " + hex(words[3])), e.getMessage());
    }

    @Test
    void preloadAddressWithoutPreloadIsIllegalSoEachGemmHasOneEncoding() {
        long[] words = Encoder.encode(RandomInstructions.sample(Opcode.GEMM));
        Bits.set(words, Opcode.GEMM.field("preload"), 0);
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Decoder.decode(words, 0));
        assertTrue(e.problem().startsWith("invalid gemm: Gemm.preloadAddr = 2048 must be 0 when preload is false"),
                e.problem());
    }

    @Test
    void bytesFromAFileNameTheFileAndTheirOwnOffset() {
        byte[] buf = new byte[16 + 64];
        Encoder.encodeInto(RandomInstructions.sample(Opcode.HALT), buf, 16);
        buf[48] = (byte) 0xEE; // second instruction: opcode 0xEE
        IllegalInstructionException e = assertThrows(IllegalInstructionException.class,
                () -> Decoder.decode(buf, 48, 1, "prog.bin"));
        assertEquals("prog.bin: instruction 1 (byte offset 0x30): unknown opcode 0xEE in word 0 = 0x00000000000000EE",
                e.getMessage());
        assertEquals("prog.bin", e.source());
    }

    /** The extreme of this kind with the most bits set, so reserved bits sit between busy fields. */
    private static Instruction maxOf(Opcode op) {
        return RandomInstructions.extremes().stream()
                .filter(insn -> Opcode.of(insn) == op)
                .max(Comparator.comparingInt(insn -> Arrays.stream(Encoder.encode(insn)).mapToInt(Long::bitCount).sum()))
                .orElseThrow();
    }

    private static String hex(long word) {
        return String.format(Locale.ROOT, "0x%016X", word);
    }

    private static String hex2(int code) {
        return String.format(Locale.ROOT, "0x%02X", code);
    }
}
