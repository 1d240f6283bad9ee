package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Assembly text means exactly one record, and the disassembler prints the canonical form of it. */
class TextRoundTripTest {

    /** One canonical line per instruction form and the record it means. */
    static Stream<Arguments> canonicalLines() {
        return Stream.of(
                Arguments.of("dma.load dst=spad:0x0 dram=0x10000 rows=16 bytes=64 dram_stride=256 local_stride=64",
                        new DmaLoad(Space.SPAD, 0x10000, 0, 16, 64, 256, 64)),
                Arguments.of("dma.store src=acc:0x80 dram=0xFFFFFFFFFFFF rows=2 bytes=4096 local_stride=4096 "
                        + "dram_stride=8192", new DmaStore(Space.ACC, 0x80, 0xFFFF_FFFF_FFFFL, 2, 4096, 4096, 8192)),
                Arguments.of("gemm c=acc:0x0 a=spad:0x0 b=spad:0x400 m=16 n=16 k=64 lda=64 ldb=16 ldc=16 df=ws "
                        + "fa=e5m2 fb=e5m2 init=zero", new Gemm(0, 0, 0x400, 16, 16, 64, 64, 16, 16, Dataflow.WS,
                        NumFormat.E5M2, NumFormat.E5M2, false, false, 0)),
                Arguments.of("gemm c=acc:0x100 a=spad:0x0 b=spad:0x400 m=16 n=32 k=64 lda=64 ldb=32 ldc=32 df=os "
                        + "fa=e4m3 fb=e5m2 init=accumulate", new Gemm(0x100, 0, 0x400, 16, 32, 64, 64, 32, 32,
                        Dataflow.OS, NumFormat.E4M3, NumFormat.E5M2, true, false, 0)),
                Arguments.of("gemm c=acc:0x100 a=spad:0x0 b=spad:0x400 m=16 n=32 k=64 lda=64 ldb=32 ldc=32 df=is "
                        + "fa=e4m3fnuz fb=e5m2fnuz init=preload:acc:0x800", new Gemm(0x100, 0, 0x400, 16, 32, 64, 64,
                        32, 32, Dataflow.IS, NumFormat.E4M3FNUZ, NumFormat.E5M2FNUZ, false, true, 0x800)),
                Arguments.of("quant dst=spad:0x2000 src=acc:0x0 rows=16 cols=16 src_ld=16 dst_ld=16 fmt=e5m2 rnd=sr "
                        + "sr_bits=8 ovf=saturate scale=0", new Quantize(0x2000, 0, 16, 16, 16, 16, NumFormat.E5M2,
                        RoundMode.SR, OverflowMode.SATURATE, 8, 0)),
                Arguments.of("quant dst=spad:0x0 src=acc:0x0 rows=1 cols=8 src_ld=8 dst_ld=8 fmt=fp16 rnd=rne "
                        + "sr_bits=13 ovf=inf scale=-12", new Quantize(0, 0, 1, 8, 8, 8, NumFormat.FP16, RoundMode.RNE,
                        OverflowMode.INF, 13, -12)),
                Arguments.of("vop.add dst=acc:0x0 a=acc:0x100 b=acc:0x200 rows=4 cols=16 dst_ld=16 a_ld=16 b_ld=16 "
                        + "bcast=none", new VectorOp(VectorFunc.ADD, 0, 0x100, 0x200, 4, 16, 16, 16, 16,
                        Broadcast.NONE, 0)),
                Arguments.of("vop.sub dst=acc:0x0 a=acc:0x100 b=acc:0x200 rows=4 cols=16 dst_ld=16 a_ld=16 bcast=row",
                        new VectorOp(VectorFunc.SUB, 0, 0x100, 0x200, 4, 16, 16, 16, 0, Broadcast.ROW, 0)),
                Arguments.of("vop.div dst=acc:0x0 a=acc:0x100 b=acc:0x200 rows=4 cols=16 dst_ld=16 a_ld=16 b_ld=1 "
                        + "bcast=col", new VectorOp(VectorFunc.DIV, 0, 0x100, 0x200, 4, 16, 16, 16, 1,
                        Broadcast.COL, 0)),
                Arguments.of("vop.max dst=acc:0x0 a=acc:0x100 b=acc:0x200 rows=4 cols=16 dst_ld=16 a_ld=16 "
                        + "bcast=scalar", new VectorOp(VectorFunc.MAX, 0, 0x100, 0x200, 4, 16, 16, 16, 0,
                        Broadcast.SCALAR, 0)),
                Arguments.of("vop.mul dst=acc:0x0 a=acc:0x0 rows=4 cols=16 dst_ld=16 a_ld=16 bcast=imm imm=1.5",
                        new VectorOp(VectorFunc.MUL, 0, 0, 0, 4, 16, 16, 16, 0, Broadcast.IMM, 0x3FC00000)),
                Arguments.of("vop.min dst=acc:0x0 a=acc:0x0 rows=1 cols=1 dst_ld=1 a_ld=1 bcast=imm imm=0x7F800000",
                        new VectorOp(VectorFunc.MIN, 0, 0, 0, 1, 1, 1, 1, 0, Broadcast.IMM, 0x7F800000)),
                Arguments.of("vop.gelu dst=acc:0x0 a=acc:0x400 rows=4 cols=16 dst_ld=16 a_ld=16",
                        new VectorOp(VectorFunc.GELU, 0, 0x400, 0, 4, 16, 16, 16, 0, Broadcast.NONE, 0)),
                Arguments.of("vop.rmax dst=acc:0x800 a=acc:0x0 rows=4 cols=16 dst_ld=1 a_ld=16",
                        new VectorOp(VectorFunc.RMAX, 0x800, 0, 0, 4, 16, 1, 16, 0, Broadcast.NONE, 0)),
                Arguments.of("config sr_seed=42", new Config(ConfigKey.SR_SEED, 42)),
                Arguments.of("config loss_scale_exp=-3", new Config(ConfigKey.LOSS_SCALE_EXP, -3)),
                Arguments.of("fence dma mac vector", Fence.all()),
                Arguments.of("fence mac", new Fence(false, true, false)),
                Arguments.of("halt", new Halt()));
    }

    @ParameterizedTest
    @MethodSource("canonicalLines")
    void canonicalLineAssemblesToItsRecordAndBack(String line, Instruction insn) {
        assertEquals(insn, Assembler.assembleLine(line));
        assertEquals(line, Disassembler.disassemble(insn));
    }

    @Test
    void defaultsCommentsAndAnyKeyOrderAssembleToTheCanonicalText() {
        String source = """
                # conv1 tile: load, multiply, quantize

                dma.load  dram=0x10000 dst=spad:0x0 rows=16 bytes=64 ; strides default to the row bytes
                gemm c=acc:0 a=spad:0 b=spad:0x400 m=16 n=16 k=64 df=ws fa=E5M2 fb=e5m2\t# lda=k, ldb=ldc=n
                quant dst=spad:0x2000 src=acc:0x0 rows=16 cols=16 fmt=e5m2 rnd=sr
                vop.add dst=acc:0 a=acc:0x100 b=acc:0x200 rows=4 cols=16
                vop.mul dst=acc:0 a=acc:0 rows=4 cols=16 bcast=imm imm=0.125
                vop.add dst=acc:0 a=acc:0 b=acc:0x40 rows=4 cols=16 bcast=col
                vop.rsum dst=acc:0x800 a=acc:0 rows=4 cols=16
                config sr_seed=0x2A
                fence
                fence vector dma
                halt
                """;
        String canonical = """
                dma.load dst=spad:0x0 dram=0x10000 rows=16 bytes=64 dram_stride=64 local_stride=64
                gemm c=acc:0x0 a=spad:0x0 b=spad:0x400 m=16 n=16 k=64 lda=64 ldb=16 ldc=16 df=ws fa=e5m2 fb=e5m2 \
                init=zero
                quant dst=spad:0x2000 src=acc:0x0 rows=16 cols=16 src_ld=16 dst_ld=16 fmt=e5m2 rnd=sr sr_bits=8 \
                ovf=saturate scale=0
                vop.add dst=acc:0x0 a=acc:0x100 b=acc:0x200 rows=4 cols=16 dst_ld=16 a_ld=16 b_ld=16 bcast=none
                vop.mul dst=acc:0x0 a=acc:0x0 rows=4 cols=16 dst_ld=16 a_ld=16 bcast=imm imm=0.125
                vop.add dst=acc:0x0 a=acc:0x0 b=acc:0x40 rows=4 cols=16 dst_ld=16 a_ld=16 b_ld=1 bcast=col
                vop.rsum dst=acc:0x800 a=acc:0x0 rows=4 cols=16 dst_ld=1 a_ld=16
                config sr_seed=42
                fence dma mac vector
                fence dma vector
                halt
                """;
        Program program = Assembler.assemble(source, "tile.s");
        assertEquals(canonical, Disassembler.disassemble(program));
        assertEquals(program, Assembler.assemble(canonical, "canonical.s"));
        assertEquals(program, Assembler.assemble(source.replace("\n", "\r\n"), "crlf.s"), "CRLF line ends");
    }

    @Test
    void decimalImmediatesRoundToNearestEvenAndHexImmediatesAreBitPatterns() {
        assertEquals(0x3DCCCCCD, imm("0.1"));
        assertEquals(0x80000000, imm("-0.0"));
        assertEquals(0x00000001, imm("1.4E-45"));
        assertEquals(0x7FC00001, imm("0x7FC00001"), "NaN payloads survive as bit patterns");
        assertEquals(0x40000000, imm("2"), "a decimal is a value, not bits");
        assertEquals(0x00000002, imm("0x2"));
        assertEquals("imm=-0.0", Disassembler.disassemble(vopImm(0x80000000)).replaceAll(".* ", ""));
        assertEquals("imm=0x7FC00001", Disassembler.disassemble(vopImm(0x7FC00001)).replaceAll(".* ", ""));
    }

    @ParameterizedTest
    @MethodSource("io.github.fp8sim.isa.EncodingRoundTripTest#extremes")
    void extremesRoundTripThroughText(Instruction insn) {
        String text = Disassembler.disassemble(insn);
        assertEquals(insn, Assembler.assembleLine(text), text);
    }

    @Test
    void randomInstructionsRoundTripThroughTextAndTheTextIsCanonical() {
        RandomInstructions gen = new RandomInstructions(0x7E47L);
        for (int i = 0; i < 20_000; i++) {
            Instruction insn = gen.next();
            String text = Disassembler.disassemble(insn);
            Instruction back = Assembler.assembleLine(text);
            assertEquals(insn, back, text);
            assertEquals(text, Disassembler.disassemble(back));
        }
    }

    @Test
    void randomProgramsRoundTripThroughText() {
        RandomInstructions gen = new RandomInstructions(0x9806L);
        for (int n : List.of(1, 2, 10, 500)) {
            Program program = gen.program(n);
            String text = Disassembler.disassemble(program);
            assertEquals(program, Assembler.assemble(text, "random.s"));
            assertEquals(n, text.lines().count());
        }
    }

    private static int imm(String text) {
        VectorOp v = (VectorOp) Assembler.assembleLine(
                "vop.mul dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm imm=" + text);
        return v.immBits();
    }

    private static VectorOp vopImm(int bits) {
        return new VectorOp(VectorFunc.MUL, 0, 0, 0, 1, 1, 1, 1, 0, Broadcast.IMM, bits);
    }
}
