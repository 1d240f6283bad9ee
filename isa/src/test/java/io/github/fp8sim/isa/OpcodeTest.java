package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fp8sim.isa.insn.Broadcast;
import io.github.fp8sim.isa.insn.ConfigKey;
import io.github.fp8sim.isa.insn.Dataflow;
import io.github.fp8sim.isa.insn.DmaLoad;
import io.github.fp8sim.isa.insn.Gemm;
import io.github.fp8sim.isa.insn.NumFormat;
import io.github.fp8sim.isa.insn.OverflowMode;
import io.github.fp8sim.isa.insn.RoundMode;
import io.github.fp8sim.isa.insn.Space;
import io.github.fp8sim.isa.insn.VectorFunc;
import io.github.fp8sim.isa.insn.Widths;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The opcode table is a consistent layout: distinct numbers, fields inside 256 bits and disjoint. */
class OpcodeTest {

    @Test
    void noTwoOpcodesShareANumberOrAMnemonic() {
        Set<Integer> codes = new HashSet<>();
        Set<String> mnemonics = new HashSet<>();
        for (Opcode op : Opcode.values()) {
            assertTrue(codes.add(op.code()), op + " reuses opcode number " + op.code());
            assertTrue(mnemonics.add(op.mnemonic()), op + " reuses mnemonic " + op.mnemonic());
            assertTrue(op.code() >= 0 && op.code() < 256, op + " opcode does not fit 8 bits");
        }
    }

    @Test
    void zeroIsNotAnOpcodeSoZeroedMemoryNeverDecodes() {
        assertTrue(Opcode.fromCode(0).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void fieldsLieInside256BitsAndOverlapNeitherEachOtherNorTheOpcodeByte(Opcode op) {
        // Masks as 256-bit integers, built from (lsb, width) alone, independently of the code under test.
        BigInteger used = mask(Opcode.OPCODE_FIELD);
        assertEquals(BigInteger.valueOf(0xFF), used, "the opcode is bits 0..7");
        Set<String> names = new HashSet<>();
        for (Field f : op.fields()) {
            assertTrue(names.add(f.name()), op + " has two fields called " + f.name());
            assertTrue(f.lsb() >= 0 && f.msb() < Opcode.BITS, op + " " + f + " is outside the 256 bits");
            BigInteger m = mask(f);
            assertEquals(BigInteger.ZERO, used.and(m), op + " " + f + " overlaps another field or the opcode");
            used = used.or(m);
        }
        assertEquals(used, toBig(op.usedMask()), "usedMask() is the union of the opcode byte and the fields");
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void noFieldCrossesA64BitWordSoHexDumpsStayReadable(Opcode op) {
        for (Field f : op.fields()) {
            assertEquals(f.lsb() / 64, f.msb() / 64, op + " " + f + " crosses a word boundary");
        }
    }

    @Test
    void enumFieldsAreWideEnoughForEveryCode() {
        assertFits(Widths.SPACE, Space.values(), Space::code);
        assertFits(Widths.DATAFLOW, Dataflow.values(), Dataflow::code);
        assertFits(Widths.NUM_FORMAT, NumFormat.values(), NumFormat::code);
        assertFits(Widths.ROUND_MODE, RoundMode.values(), RoundMode::code);
        assertFits(Widths.OVERFLOW_MODE, OverflowMode.values(), OverflowMode::code);
        assertFits(Widths.VECTOR_FUNC, VectorFunc.values(), VectorFunc::code);
        assertFits(Widths.BROADCAST, Broadcast.values(), Broadcast::code);
        assertFits(Widths.CONFIG_KEY, ConfigKey.values(), ConfigKey::code);
    }

    @Test
    void enumCodesArePinnedBecauseTheyAreInEveryProgramFile() {
        int[] spaces = Stream.of(Space.values()).mapToInt(Space::code).toArray();
        assertArrayEquals(new int[] {0, 1, 2}, spaces, "dram spad acc");
        int[] formats = Stream.of(NumFormat.values()).mapToInt(NumFormat::code).toArray();
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, formats, "e5m2 e4m3 e5m2fnuz e4m3fnuz fp16 bf16 fp32");
        assertEquals(2, Dataflow.IS.code());
        assertEquals(2, RoundMode.SR.code());
        assertEquals(1, OverflowMode.INF.code());
        assertEquals(4, Broadcast.IMM.code());
        assertEquals(20, VectorFunc.RMAX.code());
        assertEquals(3, ConfigKey.LOSS_SCALE_EXP.code());
    }

    /**
     * The worked example in {@link Opcode}'s Javadoc, computed by hand from the layout:
     * word 0 = 0x10 | ACC(2) << 8 | rows 3 << 16 | row_bytes 64 << 32, word 1 = the DRAM address,
     * word 2 = local 0x80 | dram_stride 256 << 32, word 3 = local_stride 64.
     */
    @Test
    void dmaLoadEncodesToTheHandComputedBytes() {
        DmaLoad insn = new DmaLoad(Space.ACC, 0x123456789ABCL, 0x80, 3, 64, 256, 64);
        assertArrayEquals(new long[] {0x0000004000030210L, 0x0000123456789ABCL, 0x0000010000000080L,
            0x0000000000000040L}, Encoder.encode(insn));
        byte[] expected = HexFormat.ofDelimiter(" ").parseHex(
                "10 02 03 00 40 00 00 00 BC 9A 78 56 34 12 00 00 80 00 00 00 00 01 00 00 40 00 00 00 00 00 00 00");
        assertArrayEquals(expected, Encoder.encodeBytes(insn));
        assertEquals(insn, Assembler.assembleLine(
                "dma.load dst=acc:0x80 dram=0x123456789ABC rows=3 bytes=64 dram_stride=256 local_stride=64"));
    }

    /**
     * A second pin, on the densest layout. word 0 = 0x20 | WS(1) << 8 | preload << 11 | E4M3(1) << 16 |
     * E5M2(0) << 20 | c 0x100 << 32; word 1 = a 0 | b 0x400 << 32; word 2 = m 16 | n 32 << 16 | k 64 << 32 |
     * lda 64 << 48; word 3 = ldb 32 | ldc 32 << 16 | preload_addr 0x800 << 32.
     */
    @Test
    void gemmEncodesToTheHandComputedWords() {
        Gemm insn = new Gemm(0x100, 0, 0x400, 16, 32, 64, 64, 32, 32, Dataflow.WS, NumFormat.E4M3, NumFormat.E5M2,
                false, true, 0x800);
        assertArrayEquals(new long[] {0x0000010000010920L, 0x0000040000000000L, 0x0040004000200010L,
            0x0000080000200020L}, Encoder.encode(insn));
    }

    @Test
    void fieldReaderHandlesFieldsThatCrossWordsEvenThoughNoLayoutHasOne() {
        long[] w = new long[4];
        Field straddle = Field.unsigned("x", 60, 8);
        Bits.set(w, straddle, 0xA5);
        assertArrayEquals(new long[] {0x5000000000000000L, 0xAL, 0, 0}, w);
        assertEquals(0xA5, Bits.get(w, straddle));
        Field signed = Field.signed("s", 120, 16);
        Bits.set(w, signed, -2);
        assertEquals(-2, Bits.get(w, signed));
        assertFalse(Bits.get(w, Field.unsigned("u", 120, 16)) < 0, "unsigned fields are not sign-extended");
    }

    private static <E> void assertFits(int width, E[] values, ToIntFunction<E> code) {
        for (E e : values) {
            int c = code.applyAsInt(e);
            assertTrue(c >= 0 && c < (1 << width), e + " code " + c + " does not fit " + width + " bits");
        }
    }

    private static BigInteger mask(Field f) {
        return BigInteger.ONE.shiftLeft(f.width()).subtract(BigInteger.ONE).shiftLeft(f.lsb());
    }

    private static BigInteger toBig(long[] words) {
        BigInteger v = BigInteger.ZERO;
        for (int i = words.length - 1; i >= 0; i--) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(words[i])));
        }
        return v;
    }
}
