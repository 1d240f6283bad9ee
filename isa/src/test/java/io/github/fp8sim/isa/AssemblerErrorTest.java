package io.github.fp8sim.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed lines are rejected with {@code FILE:LINE:COLUMN: message}. Each case below is a line and,
 * under it, a caret at the column the message must name.
 */
class AssemblerErrorTest {
    private static final String GEMM_TAIL = " df=ws fa=e5m2 fb=e5m2";

    static Stream<Arguments> malformedLines() {
        return Stream.of(
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1 lda2=1" + GEMM_TAIL,
                "                                           ^ unknown key 'lda2' for gemm (expected one of c, a, b, m, "
                        + "n, k, lda, ldb, ldc, df, fa, fb, init)"),
            bad("gemm c=spad:0 a=spad:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL,
                "       ^ 'c' must be in acc (acc:ADDRESS), found spad"),
            bad("gemm c=acc:0 a=acc:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL,
                "               ^ 'a' must be in spad (spad:ADDRESS), found acc"),
            bad("gemm c=0x0 a=spad:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL,
                "       ^ expected acc:ADDRESS for 'c', found '0x0'"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1" + GEMM_TAIL,
                "^ missing key 'k' for gemm"),
            bad("  gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1 fa=e5m2 fb=e5m2",
                "  ^ missing key 'df' for gemm"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1 m=2" + GEMM_TAIL,
                "                                           ^ duplicate key 'm' (first at column 32)"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k" + GEMM_TAIL,
                "                                       ^ expected key=value, found 'k'"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=" + GEMM_TAIL,
                "                                         ^ expected a value after 'k=', found nothing"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=65536 n=1 k=1" + GEMM_TAIL,
                "                                 ^ value 65536 for 'm' is out of range 0..65535"),
            bad("gemm c=acc:0x100000000 a=spad:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL,
                "           ^ value 0x100000000 for 'c' is out of range 0..4294967295 (0xFFFFFFFF)"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1.5 n=1 k=1" + GEMM_TAIL,
                "                                 ^ expected a number (decimal or 0x hex) for 'm', found '1.5'"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1 df=xs fa=e5m2 fb=e5m2",
                "                                              ^ unknown dataflow 'xs' (expected one of os, ws, is) "
                        + "for 'df'"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1 df=ws fa=fp16 fb=e5m2",
                "                                                    ^ 'fa' must be an 8-bit format (e5m2, e4m3, "
                        + "e5m2fnuz, e4m3fnuz), found fp16"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL + " init=bias",
                "                                                                      ^ expected zero, accumulate or "
                        + "preload:acc:ADDRESS for 'init', found 'bias'"),
            bad("gemm c=acc:0 a=spad:0 b=spad:0 m=1 n=1 k=1" + GEMM_TAIL + " init=preload:spad:0x10",
                "                                                                              ^ 'init' must be in acc "
                        + "(acc:ADDRESS), found spad"),
            bad("dma.load dst=dram:0 dram=0 rows=1 bytes=1",
                "             ^ 'dst' must be in spad or acc, found dram"),
            bad("dma.load dst=mem:0 dram=0 rows=1 bytes=1",
                "             ^ unknown memory space 'mem' (expected one of dram, spad, acc) in 'dst'"),
            bad("dma.load dst=spad:zz dram=0 rows=1 bytes=1",
                "                  ^ expected a number (decimal or 0x hex) for 'dst', found 'zz'"),
            bad("dma.load dst=spad:0 dram=0x1000000000000 rows=1 bytes=1",
                "                         ^ value 0x1000000000000 for 'dram' is out of range 0..281474976710655 "
                        + "(0xFFFFFFFFFFFF)"),
            bad("dma.store src=acc:0 dram=0 rows=1 bytes=1 dram_stride=-1",
                "                                                      ^ value -1 for 'dram_stride' is out of range "
                        + "0..4294967295 (0xFFFFFFFF)"),
            bad("quant dst=spad:0 src=acc:0 rows=1 cols=1 fmt=e5m2 rnd=sr sr_bits=0",
                "                                                                 ^ value 0 for 'sr_bits' is out of range "
                        + "1..31"),
            bad("quant dst=spad:0 src=acc:0 rows=1 cols=1 fmt=e5m2 rnd=rne scale=-129",
                "                                                                ^ value -129 for 'scale' is out of range "
                        + "-128..127"),
            bad("quant dst=spad:0 src=acc:0 rows=1 cols=1 fmt=e5m2 rnd=up",
                "                                                      ^ unknown rounding mode 'up' (expected one of rne, "
                        + "rz, sr) for 'rnd'"),
            bad("vop.relu dst=acc:0 a=acc:0 b=acc:0 rows=1 cols=1",
                "                           ^ unknown key 'b' for vop.relu (expected one of dst, a, rows, cols, "
                        + "dst_ld, a_ld)"),
            bad("vop.add dst=acc:0 a=acc:0 b=acc:0 rows=1 cols=1 bcast=row b_ld=4",
                "                                                          ^ key 'b_ld' is not used by vop.add with "
                        + "bcast=row"),
            bad("vop.add dst=acc:0 a=acc:0 b=acc:0 rows=1 cols=1 bcast=imm imm=1",
                "                          ^ key 'b' is not used by vop.add with bcast=imm"),
            bad("vop.add dst=acc:0 a=acc:0 b=acc:0 rows=1 cols=1 imm=1.5",
                "                                                ^ key 'imm' is not used by vop.add with bcast=none"),
            bad("vop.add dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm",
                "^ missing key 'imm' for vop.add"),
            bad("vop.add dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm imm=one",
                "                                                      ^ expected an FP32 value (like 1.5) or bit "
                        + "pattern (like 0x3FC00000) for 'imm', found 'one'"),
            bad("vop.add dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm imm=1e39",
                "                                                      ^ imm=1e39 overflows FP32 (write 0x7F800000 "
                        + "for +Inf)"),
            bad("vop.add dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm imm=1e-50",
                "                                                      ^ imm=1e-50 underflows FP32 to zero"),
            bad("vop.add dst=acc:0 a=acc:0 rows=1 cols=1 bcast=imm imm=0x100000000",
                "                                                      ^ value 0x100000000 for 'imm' is out of range "
                        + "0..4294967295 (0xFFFFFFFF)"),
            bad("vop.frob dst=acc:0 a=acc:0 rows=1 cols=1",
                "    ^ unknown vector function 'frob' (expected one of add, sub, mul, div, max, min, copy, neg, abs, "
                        + "relu, gelu, exp, log, rsqrt, sqrt, recip, sigmoid, tanh, square, rsum, rmax)"),
            bad("gemmm c=acc:0",
                "^ unknown mnemonic 'gemmm' (expected one of dma.load, dma.store, gemm, quant, vop.<func>, config, "
                        + "fence, halt)"),
            bad("halt now",
                "     ^ halt takes no operands, found 'now'"),
            bad("fence dma gpu",
                "          ^ unknown unit 'gpu' for fence (expected one of dma, mac, vector)"),
            bad("fence dma mac dma",
                "              ^ duplicate unit 'dma' (first at column 7)"),
            bad("config",
                "^ config needs one setting key=value (keys: sr_seed, sr_tensor, sr_step, loss_scale_exp)"),
            bad("config sr_seed=1 sr_step=2",
                "                 ^ config takes one setting, found a second: 'sr_step=2'"),
            bad("config seed=1",
                "       ^ unknown key 'seed' for config (expected one of sr_seed, sr_tensor, sr_step, "
                        + "loss_scale_exp)"),
            bad("config sr_seed=0x800000000000",
                "               ^ value 0x800000000000 for 'sr_seed' is out of range -140737488355328.."
                        + "140737488355327"));
    }

    private static Arguments bad(String line, String caretAndMessage) {
        int caret = caretAndMessage.indexOf('^');
        return Arguments.of(line, caret + 1, caretAndMessage.substring(caret + 2));
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void malformedLineIsRejectedAtTheRightColumn(String line, int column, String message) {
        String source = "# header comment\n\nhalt\n" + line + "\nhalt\n";
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(source, "prog.s"));
        assertEquals("prog.s:4:" + column + ": " + message, e.getMessage());
        assertEquals(4, e.line());
        assertEquals(column, e.column());
        assertEquals(message, e.problem());
    }

    @Test
    void theBriefsExampleMessage() {
        String source = String.join("\n",
                "# layer 3",
                "dma.load dst=spad:0x0 dram=0x10000 rows=16 bytes=64",
                "dma.load dst=spad:0x400 dram=0x20000 rows=64 bytes=16",
                "",
                "; multiply",
                "fence dma",
                "gemm c=acc:0 a=spad:0 lda2=64 b=spad:0x400 m=16 n=16 k=64 df=ws fa=e5m2 fb=e5m2",
                "halt");
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(source, "prog.s"));
        assertEquals("prog.s:7:23: unknown key 'lda2' for gemm (expected one of c, a, b, m, n, k, lda, ldb, ldc, "
                + "df, fa, fb, init)", e.getMessage());
    }

    @Test
    void aTabCountsAsOneColumnAndCommentsHideEverythingAfterThem() {
        AsmException e = assertThrows(AsmException.class,
                () -> Assembler.assemble("halt\t\tx # ; comment with bad=stuff", "t.s"));
        assertEquals("t.s:1:7: halt takes no operands, found 'x'", e.getMessage());
        assertEquals(Program.of(), Assembler.assemble("   # only comments\n\t; and blanks\n\n", "empty.s"));
    }

    @Test
    void assembleLineRejectsAnEmptyLine() {
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assembleLine("  # nothing"));
        assertEquals("<input>:1:1: expected an instruction, found an empty line", e.getMessage());
    }
}
