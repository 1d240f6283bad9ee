package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fp8sim.isa.insn.Instruction;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** decode(encode(x)) == x for every valid instruction, and encode is one-to-one. */
class EncodingRoundTripTest {
    private static final int RANDOM_COUNT = 20_000;

    static List<Instruction> extremes() {
        return RandomInstructions.extremes();
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void typicalInstructionOfEachKindRoundTrips(Opcode op) {
        Instruction insn = RandomInstructions.sample(op);
        assertEquals(op, Opcode.of(insn));
        assertEquals(insn, Decoder.decode(Encoder.encode(insn), 0));
    }

    @ParameterizedTest
    @MethodSource("extremes")
    void everyFieldAtItsMinimumAndMaximumRoundTrips(Instruction insn) {
        long[] words = Encoder.encode(insn);
        assertEquals(insn, Decoder.decode(words, 0));
        assertEquals(Opcode.of(insn).code(), (int) (words[0] & 0xFF), "bits 0..7 of word 0 are the opcode");
    }

    @Test
    void randomInstructionsRoundTripThroughWordsAndBytes() {
        RandomInstructions gen = new RandomInstructions(0x5EED_0001L);
        for (int i = 0; i < RANDOM_COUNT; i++) {
            Instruction insn = gen.next();
            long[] words = Encoder.encode(insn);
            assertEquals(insn, Decoder.decode(words, i), () -> "instruction " + insn);
            byte[] bytes = Encoder.encodeBytes(insn);
            assertEquals(insn, Decoder.decode(bytes, 0, i, "random"), () -> "bytes of " + insn);
            for (int w = 0; w < Opcode.WORDS; w++) {
                long fromBytes = 0;
                for (int b = 7; b >= 0; b--) {
                    fromBytes = fromBytes << 8 | (bytes[8 * w + b] & 0xFF);
                }
                assertEquals(words[w], fromBytes, "word " + w + " is bytes " + 8 * w + ".." + (8 * w + 7) + " LE");
            }
        }
    }

    @Test
    void distinctInstructionsHaveDistinctEncodings() {
        RandomInstructions gen = new RandomInstructions(0x5EED_0002L);
        Set<Instruction> seen = new HashSet<>();
        Set<List<Long>> encodings = new HashSet<>();
        for (int i = 0; i < RANDOM_COUNT; i++) {
            Instruction insn = gen.next();
            long[] w = Encoder.encode(insn);
            boolean newInsn = seen.add(insn);
            boolean newEncoding = encodings.add(List.of(w[0], w[1], w[2], w[3]));
            assertEquals(newInsn, newEncoding, () -> "encoding collision or instability at " + insn);
        }
    }

    @Test
    void encodeIntoWritesAtTheOffset() {
        Instruction insn = RandomInstructions.sample(Opcode.GEMM);
        byte[] buf = new byte[3 * Opcode.INSTRUCTION_BYTES];
        Encoder.encodeInto(insn, buf, Opcode.INSTRUCTION_BYTES);
        byte[] middle = Arrays.copyOfRange(buf, 32, 64);
        assertArrayEquals(Encoder.encodeBytes(insn), middle);
        assertArrayEquals(new byte[32], Arrays.copyOfRange(buf, 0, 32));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(buf, 64, 96));
    }
}
